import { raw } from '@mikro-orm/core';
import type { QBFilterQuery } from '@mikro-orm/postgresql';
import { toGlobalId } from '../../common/global-id';
import type { Role } from '../../policy/roles';
import type { RequestContext } from '../request-context';
import { AccessLogGrouping, AccessLogStatistic } from './access-log-review.types';
import { AccessLog } from './access-log.entity';
import { noteLogRead } from './review-audit';
import { assertPeriod, assertReviewer } from './reviewer';

/** The group of an entry, as text (days are the review time zone's, not the server's), and the column it reads. */
const GROUP_KEY: Record<AccessLogGrouping, { sql: string; column: string; idOf?: 'User' | 'Department' }> = {
  [AccessLogGrouping.ACTOR]: { sql: 'a.actor_user_id::text', column: 'actorUserId', idOf: 'User' },
  [AccessLogGrouping.DAY]: { sql: `to_char(a.occurred_at at time zone ?, 'YYYY-MM-DD')`, column: 'occurredAt' },
  [AccessLogGrouping.ROLE]: { sql: 'a.actor_role::text', column: 'actorRole' },
  [AccessLogGrouping.DEPARTMENT]: {
    sql: 'a.actor_department_id::text',
    column: 'actorDepartmentId',
    idOf: 'Department',
  },
};

/** An entry covering several subjects counts as one read of each. */
const reads = (only = '') => `coalesce(sum(coalesce(cardinality(a.subject_ids), 1)) ${only}, 0)`;
/** "Resident:1,Resident:2" for an entry's subjects; null for an entry about no one object. */
const SUBJECT_KEYS = `regexp_replace(coalesce(array_to_string(a.subject_ids, ','), a.entity_id::text), '([0-9]+)', a.entity_type || ':\\1', 'g')`;

const COUNTS = {
  entries: reads(),
  subjects: `(select count(distinct k) from unnest(string_to_array(string_agg(${SUBJECT_KEYS}, ','), ',')) k)`,
  full: reads(`filter (where a.outcome = 'FULL')`),
  masked: reads(`filter (where a.outcome = 'MASKED')`),
  denied: reads(`filter (where a.outcome = 'DENIED')`),
} as const;

type CountRow = { key: string | null } & Record<keyof typeof COUNTS, number>;

/** Per-actor, per-day, per-role or per-department counts of the log, computed by GROUP BY in the database. */
export class AccessLogStatisticsService {
  constructor(private readonly ctx: RequestContext) {}

  async statistics(from: Date, to: Date, groupBy: AccessLogGrouping): Promise<AccessLogStatistic[]> {
    const policy = this.ctx.policy;
    assertReviewer(policy, 'see access-log statistics');
    assertPeriod(from, to);
    const where = policy.scoped('AccessLog', { occurredAt: { $gte: from, $lt: to } });
    const key = GROUP_KEY[groupBy];
    const counts = Object.entries(COUNTS).map(([name, expression]) => raw(`(${expression})::int as "${name}"`));
    const rows = await this.ctx.em
      .createQueryBuilder(AccessLog, 'a')
      .select([
        raw(`${key.sql} as "key"`, groupBy === AccessLogGrouping.DAY ? [this.ctx.config.ACCESS_LOG_TIMEZONE] : []),
        ...counts,
      ])
      .where(where as QBFilterQuery<AccessLog>)
      // By position: the day's expression carries a parameter, and a repeated one would not match it.
      .groupBy(raw('1'))
      .execute<CountRow[]>('all');
    noteLogRead(this.ctx, [null], [key.column, 'entityId', 'outcome', 'occurredAt']);
    return rows.map((row) => statistic(groupBy, row)).sort(order(groupBy));
  }
}

function statistic(groupBy: AccessLogGrouping, { key, ...counts }: CountRow): AccessLogStatistic {
  const { idOf } = GROUP_KEY[groupBy];
  const id = key !== null && idOf ? Number(key) : null;
  return {
    key: key === null ? 'none' : idOf ? toGlobalId(idOf, key) : key,
    day: groupBy === AccessLogGrouping.DAY ? key : null,
    role: groupBy === AccessLogGrouping.ROLE ? (key as Role | null) : null,
    actorUserId: idOf === 'User' ? id : null,
    departmentId: idOf === 'Department' ? id : null,
    ...counts,
  };
}

/** Days in calendar order; everything else busiest first. */
function order(groupBy: AccessLogGrouping): (a: AccessLogStatistic, b: AccessLogStatistic) => number {
  if (groupBy === AccessLogGrouping.DAY) return (a, b) => a.key.localeCompare(b.key);
  return (a, b) => b.entries - a.entries || a.key.localeCompare(b.key);
}
