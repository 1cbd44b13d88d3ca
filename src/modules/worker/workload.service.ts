import { Field, Int, ObjectType } from 'type-graphql';
import { FieldTier, TypeTier } from '../../common/tiers';
import { runSql } from '../../db/sql';
import type { RequestContext } from '../request-context';
import { parsePeriod } from './assessment-period';
import { Worker } from './worker.entity';

/** One worker's workload in a period; shown to those who supervise workers, for workers they may see. */
@TypeTier(FieldTier.PUBLIC)
@ObjectType({ description: "A worker's workload in a period: cases, visits and patrols." })
export class WorkerWorkload {
  @Field(() => Worker, { nullable: true, description: 'The worker.' })
  worker!: Worker;

  @Field(() => Int, { description: 'Cases it handled that were resolved in the period.' })
  casesResolved!: number;

  @Field(() => Int, { description: 'Visits it made in the period.' })
  visits!: number;

  @Field(() => Int, { description: 'Patrols it started in the period.' })
  patrols!: number;

  @Field(() => Int, { description: 'Seconds spent on those patrols.' })
  patrolSeconds!: number;

  @Field(() => Int, { description: 'Metres walked on those patrols.' })
  patrolMeters!: number;
}

/** Counted for the given workers only: the ids come from the row policy, the sums from SQL. */
const WORKLOAD_SQL = `
  select w.id,
    (select count(*) from cases c where c.handler_id = w.id and c.resolved_at >= ?::date and c.resolved_at < ?::date) as cases,
    (select count(*) from visit v where v.worker_id = w.id and v.visited_at >= ?::date and v.visited_at < ?::date) as visits,
    count(t.id) as patrols,
    coalesce(sum(extract(epoch from coalesce(t.ended_at, t.last_point_at, t.started_at) - t.started_at)), 0)::int as seconds,
    coalesce(sum(t.distance_meters), 0)::int as metres
  from worker w
  left join patrol_track t on t.worker_id = w.id and t.started_at >= ?::date and t.started_at < ?::date
  where w.id in (?) group by w.id order by w.id`;

interface Row {
  id: number;
  cases: string;
  visits: string;
  patrols: string;
  seconds: number;
  metres: number;
}

export class WorkloadService {
  constructor(private readonly ctx: RequestContext) {}

  async workload(periodName: string): Promise<WorkerWorkload[]> {
    this.ctx.policy.assertCan('supervise', 'Worker', 'see workload statistics');
    const period = parsePeriod(periodName, 'period');
    const workers = await this.ctx.em.find(Worker, {}, { orderBy: { id: 'asc' }, limit: 500 });
    if (workers.length === 0) return [];
    const range = [period.from, period.until];
    const ids = workers.map((w) => w.id);
    const rows = await runSql<Row[]>(this.ctx.em, WORKLOAD_SQL, [...range, ...range, ...range, ids]);
    const byId = new Map(workers.map((w) => [w.id, w]));
    return rows.map((row) => ({
      worker: byId.get(row.id)!,
      casesResolved: Number(row.cases),
      visits: Number(row.visits),
      patrols: Number(row.patrols),
      patrolSeconds: row.seconds,
      patrolMeters: row.metres,
    }));
  }
}
