import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { FieldTier, TypeTier } from '../../common/tiers';
import { Case } from '../case/case.entity';
import { ChangeEntry } from '../history/change-entry.entity';
import type { RequestContext } from '../request-context';
import { Visit } from '../worker/visit.entity';
import { Household } from './household.entity';
import { ResidentCategory } from './resident-category.entity';
import { Resident } from './resident.entity';

/**
 * A resident's copy of what is held about them (Personal Information Protection Law art. 45). Every part is
 * an ordinary guarded type read through the row policy, so the copy is exactly what the resident may see,
 * and each sensitive field in it is logged as a read like any other.
 */
@ObjectType({
  description: 'Everything held about the calling resident: record, memberships, household, cases, visits, history.',
})
@TypeTier(FieldTier.PUBLIC)
export class MyData {
  @Field(() => Resident, { nullable: true, description: 'The resident’s own record.' })
  resident!: Resident | null;

  @Field(() => [ResidentCategory], { description: 'Memberships of special categories, current and ended.' })
  memberships!: ResidentCategory[];

  @Field(() => Household, { nullable: true, description: 'The household the resident belongs to.' })
  household!: Household | null;

  @Field(() => [Case], { description: 'Cases the resident reported.' })
  cases!: Case[];

  @Field(() => [Visit], { description: 'Visits made to the resident, where the resident may see them.' })
  visits!: Visit[];

  @Field(() => [ChangeEntry], { description: 'The change history of the resident’s data.' })
  history!: ChangeEntry[];
}

@Resolver()
export class MyDataResolver {
  @Query(() => MyData, { description: 'A copy of everything held about the calling resident (RESIDENT post only).' })
  async myData(@Ctx() ctx: RequestContext): Promise<MyData> {
    const residentId = ctx.policy.principal.residentId;
    if (!residentId) throw ctx.policy.refusal('view', 'Resident', 'ask for a resident’s copy of their data');
    const em = ctx.em;
    const resident = await em.findOne(Resident, { id: residentId });
    return Object.assign(new MyData(), {
      resident,
      memberships: await em.find(ResidentCategory, { resident: residentId }, { orderBy: { id: 'asc' } }),
      household: resident?.household ? await em.findOne(Household, { id: resident.household.id }) : null,
      cases: await em.find(Case, { reporter: ctx.policy.principal.userId }, { orderBy: { id: 'asc' } }),
      visits: await em.find(Visit, { resident: residentId }, { orderBy: { id: 'asc' } }),
      history: await em.find(ChangeEntry, { residentId }, { orderBy: { id: 'asc' } }),
    });
  }
}
