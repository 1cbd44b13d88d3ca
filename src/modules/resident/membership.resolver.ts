import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { FieldTier, Tier } from '../../common/tiers';
import type { RequestContext } from '../request-context';
import { EndMembershipInput, StartMembershipInput, UpdateMembershipInput } from './membership.inputs';
import { MembershipService } from './membership.service';
import { ResidentCategory } from './resident-category.entity';
import { Resident } from './resident.entity';

/** Memberships of special categories: start, correct, end; each leaves an entry in the change history. */
@Resolver()
export class MembershipResolver {
  @Mutation(() => ResidentCategory, { description: 'A resident joins a special category.' })
  startMembership(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StartMembershipInput, { description: 'The resident, the category and the date.' })
    input: StartMembershipInput,
  ): Promise<ResidentCategory> {
    return new MembershipService(ctx).start(input);
  }

  @Mutation(() => ResidentCategory, { description: 'Correct a current membership’s start date or care details.' })
  updateMembership(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateMembershipInput, { description: 'The membership, its version and the new values.' })
    input: UpdateMembershipInput,
  ): Promise<ResidentCategory> {
    return new MembershipService(ctx).update(input);
  }

  @Mutation(() => ResidentCategory, { description: 'End a membership with a reason; the record of it stays.' })
  endMembership(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => EndMembershipInput, { description: 'The membership, its version, the date and the reason.' })
    input: EndMembershipInput,
  ): Promise<ResidentCategory> {
    return new MembershipService(ctx).end(input);
  }
}

@Resolver(() => ResidentCategory)
export class MembershipResidentResolver {
  @FieldResolver(() => Resident, { nullable: true, description: 'The resident who is the member.' })
  @Tier(FieldTier.INTERNAL)
  resident(@Root() membership: ResidentCategory, @Ctx() ctx: RequestContext): Promise<Resident | null> {
    return ctx.loaders.byId(Resident).load(membership.resident.id);
  }
}
