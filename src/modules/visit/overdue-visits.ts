import { raw } from '@mikro-orm/postgresql';
import { Field, Int, ObjectType } from 'type-graphql';
import { FieldTier, TypeTier } from '../../common/tiers';
import { badInput } from '../../common/errors';
import type { RequestContext } from '../request-context';
import { ResidentCategory } from '../resident/resident-category.entity';

@ObjectType({ description: 'A membership whose visit is due: its resident should have been visited by now.' })
@TypeTier(FieldTier.PUBLIC)
export class OverdueVisit {
  @Field(() => ResidentCategory, { description: 'The membership; its resident is `membership.resident`.' })
  membership!: ResidentCategory;

  @Field({ description: 'The day the visit fell due (last visit, or start, plus the category’s interval).' })
  dueOn!: string;

  @Field(() => Int, { description: 'Days since the visit fell due.' })
  daysOverdue!: number;
}

@ObjectType({ description: 'A page of overdue visits, most overdue first.' })
@TypeTier(FieldTier.PUBLIC)
export class OverdueVisitPage {
  @Field(() => [OverdueVisit], { description: 'The overdue visits of this page.' })
  items!: OverdueVisit[];

  @Field({ description: 'Whether more follow.' })
  hasMore!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as after for the next page.' })
  endCursor!: string | null;
}

/** When the membership's next visit falls due, in SQL (alias of the membership table given). */
const dueSql = (alias: string) =>
  `(coalesce(${alias}.last_visit_on, ${alias}.since) + (select sc.visit_every_days from special_category sc where sc.id = ${alias}.category_id))`;

const DAY_MS = 86_400_000;

/**
 * Current memberships whose visit is overdue, in the caller's scope (the row policy of memberships keeps a
 * worker to its grids and a leader to its community), most overdue first. Dueness is decided in SQL, so a
 * page is never cut from rows filtered afterwards.
 */
export async function overdueVisits(
  ctx: RequestContext,
  first: number,
  after: string | null,
): Promise<OverdueVisitPage> {
  ctx.policy.assertCan('create', 'Visit', 'see which visits are due');
  const offset = after ? offsetOf(after) : 0;
  const today = new Date().toISOString().slice(0, 10);
  const rows = await ctx.em.find(
    ResidentCategory,
    { endedOn: null, [raw((alias: string) => dueSql(alias))]: { $lt: today } },
    {
      populate: ['category'],
      orderBy: [{ [raw((alias: string) => dueSql(alias))]: 'asc' }, { id: 'asc' }],
      limit: first + 1,
      offset,
    },
  );
  const page = rows.slice(0, first);
  const now = Date.parse(`${today}T00:00:00Z`);
  const items = page.map((membership) => {
    const from = Date.parse(`${membership.lastVisitOn ?? membership.since}T00:00:00Z`);
    const due = from + membership.category.visitEveryDays * DAY_MS;
    return Object.assign(new OverdueVisit(), {
      membership,
      dueOn: new Date(due).toISOString().slice(0, 10),
      daysOverdue: Math.round((now - due) / DAY_MS),
    });
  });
  return Object.assign(new OverdueVisitPage(), {
    items,
    hasMore: rows.length > first,
    endCursor: page.length > 0 ? `o${offset + page.length}` : null,
  });
}

function offsetOf(after: string): number {
  const match = /^o(\d{1,7})$/.exec(after);
  if (!match) throw badInput('after', `"${after}" is not a cursor this API gave`);
  return Number(match[1]);
}
