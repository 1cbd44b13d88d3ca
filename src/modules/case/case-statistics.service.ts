import { raw } from '@mikro-orm/core';
import type { FilterQuery, QBFilterQuery } from '@mikro-orm/postgresql';
import { idOfType } from '../../common/global-id';
import type { Policy } from '../../policy/policy';
import type { RequestContext } from '../request-context';
import { badInput } from '../../common/errors';
import { Grid } from '../grid/grid.entity';
import { CaseCategory } from './case-category.entity';
import { overdueCondition } from './case-sla';
import { SmallCells } from '../../policy/small-cells';
import { CaseStatistics } from './case-statistics.types';
import { Case } from './case.entity';
import { CaseStatus } from './case.enums';

export interface StatisticsArgs {
  grid?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** One row of sums over the caller's cases; the level tests read the holding level, which only ever rises. */
const SUMMARY = {
  closed: `count(*) filter (where c.status = 'CLOSED')`,
  closedWithinGrid: `count(*) filter (where c.status = 'CLOSED' and c.holding_level >= 3)`,
  closedWithinStreet: `count(*) filter (where c.status = 'CLOSED' and c.holding_level >= 1)`,
  takenUp: `count(*) filter (where c.status <> 'REJECTED')`,
  reachedDistrict: `count(*) filter (where c.status <> 'REJECTED' and c.holding_level = 0)`,
  accepted: `count(c.accepted_at)`,
  hoursToAccept: `avg(extract(epoch from c.accepted_at - c.reported_at) / 3600)`,
  hoursToClose: `avg(extract(epoch from c.closed_at - c.reported_at) / 3600) filter (where c.status = 'CLOSED')`,
  rated: `count(c.satisfaction) filter (where c.status = 'CLOSED')`,
  satisfaction: `avg(c.satisfaction) filter (where c.status = 'CLOSED')`,
} as const;

type Summary = Record<keyof typeof SUMMARY, number | null>;

/**
 * The article's goals as numbers (小事不出格, 大事不出街, 矛盾不上交), computed in SQL over exactly the rows
 * the caller's policy lets them see; no case row is loaded.
 */
export class CaseStatisticsService {
  constructor(private readonly ctx: RequestContext) {}

  private get policy(): Policy {
    return this.ctx.policy;
  }

  async statistics(args: StatisticsArgs): Promise<CaseStatistics> {
    if (args.from && args.to && args.from.getTime() >= args.to.getTime())
      throw badInput('to', 'must be later than from');
    const grid = args.grid ? await this.grid(args.grid) : null;
    const where = this.policy.scoped('Case', this.period(grid, args)) as FilterQuery<Case>;
    const summary = await this.summary(where);
    const byStatus = await this.countsBy(where, 'status');
    const byCategory = await this.countsBy(where, 'category_id');
    const overdue = await this.ctx.em.count(Case, { $and: [where, overdueCondition(new Date())] } as FilterQuery<Case>);
    const categories = await this.ctx.em.find(CaseCategory, {}, { orderBy: { id: 'asc' } });
    const cells = new SmallCells(this.minimumCell());
    const statusCounts = cells.breakdown(Object.values(CaseStatus).map((status) => byStatus.get(status) ?? 0));
    const categoryCounts = cells.breakdown(categories.map((category) => byCategory.get(String(category.id)) ?? 0));
    const total = [...byStatus.values()].reduce((sum, n) => sum + n, 0);
    const closed = statusCounts[Object.values(CaseStatus).indexOf(CaseStatus.CLOSED)];
    return {
      grid,
      from: args.from ?? null,
      to: args.to ?? null,
      total: cells.count(total),
      byStatus: Object.values(CaseStatus).map((status, i) => ({ status, ...statusCounts[i] })),
      byCategory: categories.map((category, i) => ({ category, ...categoryCounts[i] })),
      closed,
      overdue: cells.count(overdue),
      ...measures(cells, summary),
      suppressed: cells.withheldAny,
    };
  }

  private async grid(id: string): Promise<Grid> {
    const grid = await this.ctx.loaders.byId(Grid).load(idOfType(id, 'Grid', 'grid'));
    if (!grid) throw badInput('grid', `no grid ${id}`);
    return grid;
  }

  private period(grid: Grid | null, { from, to }: StatisticsArgs): Record<string, unknown> {
    const where: Record<string, unknown> = {};
    if (grid) where.gridPath = { $like: `${grid.path}%` };
    if (from || to) where.reportedAt = { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) };
    return where;
  }

  private async summary(where: FilterQuery<Case>): Promise<Summary> {
    const columns = Object.entries(SUMMARY).map(([name, expression]) => raw(`(${expression})::float8 as "${name}"`));
    const row = await this.ctx.em
      .createQueryBuilder(Case, 'c')
      .select(columns)
      .where(where as QBFilterQuery<Case>)
      .execute<Summary>('get');
    return row;
  }

  private async countsBy(where: FilterQuery<Case>, column: 'status' | 'category_id'): Promise<Map<string, number>> {
    const rows = await this.ctx.em
      .createQueryBuilder(Case, 'c')
      .select([raw(`c.${column}::text as "key"`), raw('count(*)::int as "n"')])
      .where(where as QBFilterQuery<Case>)
      .groupBy(raw(`c.${column}`))
      .execute<{ key: string; n: number }[]>('all');
    return new Map(rows.map((row) => [row.key, row.n]));
  }

  /**
   * Partner departments see aggregates with small groups withheld (contract §6); grid staff and the district
   * see exact numbers of the cases they handle anyway.
   */
  private minimumCell(): number | null {
    return this.policy.minimumCell(this.ctx.config.AGGREGATE_MIN_CELL);
  }
}

function measures(cells: SmallCells, s: Summary) {
  const n = (value: number | null) => value ?? 0;
  return {
    closedWithinGrid: cells.share(n(s.closedWithinGrid), n(s.closed)),
    closedWithinStreet: cells.share(n(s.closedWithinStreet), n(s.closed)),
    reachedDistrict: cells.share(n(s.reachedDistrict), n(s.takenUp)),
    hoursToAccept: cells.mean(s.hoursToAccept, n(s.accepted)),
    hoursToClose: cells.mean(s.hoursToClose, n(s.closed)),
    satisfaction: cells.mean(s.satisfaction, n(s.rated)),
  };
}
