import { idOfType } from '../../common/global-id';
import { Page, PageArgs } from '../../common/relay';
import type { RequestContext } from '../request-context';
import { notFound } from '../../common/errors';
import { ListSpec, listPage } from '../common/list-page';
import { Grid } from './grid.entity';
import { GridFilter, GridOrder } from './grid.inputs';

/** Which grid field each filter argument reads (all public today, but checked like any list's). */
const FILTER_FIELDS: Record<keyof GridFilter, string> = {
  under: 'path',
  parent: 'parent',
  level: 'level',
  kind: 'kind',
  nameContains: 'name',
};

/** Reads of the grid tree; the tree is public to every post but still passes through the policy. */
export class GridService {
  constructor(private readonly ctx: RequestContext) {}

  list(filter: GridFilter | null | undefined, order: GridOrder, page: PageArgs): Promise<Page<Grid>> {
    return listPage(this.ctx.em, this.ctx.policy, this.listSpec(), { filter, order, page });
  }

  private listSpec(): ListSpec<Grid, GridFilter> {
    return { type: 'Grid', entity: Grid, filterFields: FILTER_FIELDS, where: (f) => this.filterQuery(f) };
  }

  async get(id: string, argumentName = 'id'): Promise<Grid> {
    const grid = await this.ctx.loaders.byId(Grid).load(idOfType(id, 'Grid', argumentName));
    if (!grid) throw notFound('Grid', id);
    return grid;
  }

  /** Ancestors from the root down, read off the materialized path and loaded in one batch. */
  async ancestors(grid: Grid): Promise<Grid[]> {
    const ids = grid.path.split('/').filter(Boolean).map(Number).slice(0, -1);
    const rows = await this.ctx.loaders.byId(Grid).loadMany(ids);
    return rows.filter((row): row is Grid => row instanceof Grid);
  }

  children(grid: Grid): Promise<Grid[]> {
    return this.ctx.loaders.manyBy(Grid, 'parent', { code: 'asc' }).load(grid.id);
  }

  async parent(grid: Grid): Promise<Grid | null> {
    return grid.parent ? this.ctx.loaders.byId(Grid).load(grid.parent.id) : null;
  }

  /** The path of a grid given by global id, for "this grid and below" filters of other modules. */
  async subtreePath(id: string, argumentName: string): Promise<string> {
    return (await this.get(id, argumentName)).path;
  }

  private async filterQuery(filter: GridFilter): Promise<Record<string, unknown>> {
    const where: Record<string, unknown> = {};
    if (filter.under) where.path = { $like: `${await this.subtreePath(filter.under, 'filter.under')}%` };
    if (filter.parent) where.parent = idOfType(filter.parent, 'Grid', 'filter.parent');
    if (filter.level !== undefined && filter.level !== null) where.level = filter.level;
    if (filter.kind) where.kind = filter.kind;
    if (filter.nameContains) where.name = { $like: `%${escapeLike(filter.nameContains)}%` };
    return where;
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
