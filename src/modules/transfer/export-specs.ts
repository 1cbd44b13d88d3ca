import { Case } from '../case/case.entity';
import type { Grid } from '../grid/grid.entity';
import type { RequestContext } from '../request-context';
import { RESIDENT_FIELDS } from '../resident/resident-registry.inputs';
import { Resident } from '../resident/resident.entity';
import type { ExportSpec } from './tiered-export';

/** A grid and everything below it, as the row policy's own scope conditions match it. */
const under = (grid: Grid | null) => (grid ? { gridPath: { $like: `${grid.path}%` } } : {});

/**
 * Residents as the form registers them. The caller's row policy (the request's MikroORM filter) decides
 * which rows; the field tiers decide each value.
 */
export const exportedResidents: ExportSpec<Resident> = {
  type: 'Resident',
  fields: RESIDENT_FIELDS,
  load: (ctx: RequestContext, grid, limit) => ctx.em.find(Resident, under(grid), { orderBy: { id: 'asc' }, limit }),
};

/** Cases with their reporter: each case is logged, as the person it names is in it. */
export const exportedCases: ExportSpec<Case> = {
  type: 'Case',
  fields: ['title', 'status', 'source', 'reportedAt', 'description', 'reporterName', 'reporterPhone'],
  load: (ctx: RequestContext, grid, limit) => ctx.em.find(Case, under(grid), { orderBy: { id: 'asc' }, limit }),
};
