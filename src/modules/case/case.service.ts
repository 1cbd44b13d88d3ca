import DataLoader from 'dataloader';
import { idOfType } from '../../common/global-id';
import { Page, PageArgs } from '../../common/relay';
import { Policy } from '../../policy/policy';
import { runSql } from '../../db/sql';
import type { RequestContext } from '../request-context';
import { notFound } from '../../common/errors';
import { ListSpec, listPage } from '../common/list-page';
import { compiledPage, CompiledListSpec } from '../common/compiled-page';
import { servesDecidedObjects } from '../../policy/compiled-read';
import type { GraphQLResolveInfo } from 'graphql';
import { GridService } from '../grid/grid.service';
import { Resident } from '../resident/resident.entity';
import { CaseEvent } from './case-event.entity';
import { Case } from './case.entity';
import { notOverdueCondition, notOverdueSql, overdueCondition, overdueSql } from './case-sla';
import { CaseFilter, CaseOrder } from './case.inputs';

const FILTER_FIELDS: Record<keyof CaseFilter, string> = {
  grid: 'grid',
  status: 'status',
  category: 'category',
  source: 'source',
  department: 'status',
  overdue: 'resolveDueAt',
  reportedFrom: 'reportedAt',
  reportedUntil: 'reportedAt',
};

/** The cases list as a compiled read answers it: the grid, the involved residents and the timeline. */
const CASES: CompiledListSpec = {
  type: 'Case',
  relations: {
    grid: { type: 'Grid', via: 'one' },
    involvedResidents: { type: 'Resident', via: 'pivot', property: 'involvedResidents' },
    timeline: { type: 'CaseEvent', via: 'owned', foreignKey: 'case', orderBy: ['at', 'id'] },
  },
};

export class CaseService {
  constructor(private readonly ctx: RequestContext) {}

  private get policy(): Policy {
    return this.ctx.policy;
  }

  list(filter: CaseFilter | null, order: CaseOrder, page: PageArgs): Promise<Page<Case>> {
    return listPage(this.ctx.em, this.policy, this.listSpec(), { filter, order, page });
  }

  /**
   * The list unfiltered or filtered by `overdue` alone, as one compiled statement, when the selection and the
   * caller's rules allow it; null means the usual path answers.
   */
  async compiledList(
    info: GraphQLResolveInfo,
    filter: CaseFilter | null,
    order: CaseOrder,
    page: PageArgs,
  ): Promise<object | null> {
    const given = Object.entries(filter ?? {}).filter(([, value]) => value !== null && value !== undefined);
    if (given.some(([name]) => name !== 'overdue') || !servesDecidedObjects(info)) return null;
    const now = new Date();
    const overdue = filter?.overdue;
    const where =
      overdue === true ? (alias: string) => overdueSql(alias, now) : (alias: string) => notOverdueSql(alias, now);
    const spec =
      overdue === true || overdue === false ? { ...CASES, where, filterReads: [FILTER_FIELDS.overdue] } : CASES;
    return compiledPage(this.ctx, info, spec, order, page);
  }

  private listSpec(): ListSpec<Case, CaseFilter> {
    return { type: 'Case', entity: Case, filterFields: FILTER_FIELDS, where: (f) => this.filterQuery(f) };
  }

  async get(id: string, argumentName = 'id'): Promise<Case> {
    const found = await this.ctx.loaders.byId(Case).load(idOfType(id, 'Case', argumentName));
    if (!found) throw notFound('Case', id);
    return found;
  }

  timeline(kase: Case): Promise<CaseEvent[]> {
    return this.ctx.loaders.manyBy(CaseEvent, 'case', { at: 'asc', id: 'asc' }).load(kase.id);
  }

  /** Involved residents the caller may see: the pivot in one batch, the residents through their own scope. */
  async involvedResidents(kase: Case): Promise<Resident[]> {
    const ids = await this.involvedResidentIds().load(kase.id);
    const rows = await this.ctx.loaders.byId(Resident).loadMany(ids);
    return rows.filter((row): row is Resident => row instanceof Resident);
  }

  private involvedResidentIds(): DataLoader<number, number[]> {
    return this.ctx.loaders.custom<number, number[]>('case.involvedResidentIds', async (caseIds) => {
      const query = this.ctx.em
        .getKnex()
        .select('case_id', 'resident_id')
        .from('case_involved_resident')
        .whereIn('case_id', [...caseIds]);
      const rows = await runSql<{ case_id: number; resident_id: number }[]>(this.ctx.em, query.orderBy('resident_id'));
      return caseIds.map((id) => rows.filter((row) => row.case_id === id).map((row) => row.resident_id));
    });
  }

  private async filterQuery(filter: CaseFilter): Promise<Record<string, unknown>> {
    const where: Record<string, unknown> = {};
    if (filter.grid)
      where.gridPath = { $like: `${await new GridService(this.ctx).subtreePath(filter.grid, 'filter.grid')}%` };
    if (filter.status?.length) where.status = { $in: filter.status };
    if (filter.category) where.category = { code: filter.category };
    if (filter.source) where.source = filter.source;
    if (filter.department) where.department = idOfType(filter.department, 'Department', 'filter.department');
    if (filter.overdue === true) where.$and = [overdueCondition(new Date())];
    if (filter.overdue === false) where.$and = [notOverdueCondition(new Date())];
    if (filter.reportedFrom || filter.reportedUntil) {
      where.reportedAt = {
        ...(filter.reportedFrom ? { $gte: filter.reportedFrom } : {}),
        ...(filter.reportedUntil ? { $lte: filter.reportedUntil } : {}),
      };
    }
    return where;
  }
}
