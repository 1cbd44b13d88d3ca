import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, notFound } from '../../common/errors';
import { idOfType } from '../../common/global-id';
import { runSql } from '../../db/sql';
import { recordAdministration, refOf } from '../history/administration-history';
import type { StoredFieldChange } from '../history/change-entry.entity';
import { differences } from '../history/change-recorder';
import type { RequestContext } from '../request-context';
import { checkBoundary } from './geojson';
import { CreateGridInput, GridPartInput, PointInput, SplitGridInput, UpdateGridInput } from './grid-admin.inputs';
import { Grid, GridKind } from './grid.entity';

/** The kinds a grid of each level may be (level 4 and below are all subdivisions). */
const KINDS_AT_LEVEL: Record<number, GridKind[]> = {
  1: [GridKind.STREET, GridKind.TOWN],
  2: [GridKind.COMMUNITY, GridKind.VILLAGE],
  3: [GridKind.BUILDING, GridKind.ROAD_SEGMENT, GridKind.VILLAGE_GROUP],
};
const kindsAt = (level: number) => KINDS_AT_LEVEL[level] ?? [GridKind.SUBGRID];

/** The deepest grid whose boundary holds the point; ray casting in SQL (migration: geo_boundary_contains). */
const GRID_AT = `select id from grid where boundary is not null and geo_boundary_contains(boundary, ?, ?)
                  order by level desc, id limit 1`;

/** The grid tree kept by the district admin (contract §13): create, split, rename, set the boundary. */
/** What the history keeps of a grid, named as the fields of Grid. */
function factsOf(grid: Grid): Record<string, unknown> {
  const { name, code, level, kind, boundary, partyBranch } = grid;
  return { name, code, level, kind, boundary: boundary ?? null, partyBranch: partyBranch ?? null };
}

export class GridAdminService {
  constructor(private readonly ctx: RequestContext) {}

  async createGrid(input: CreateGridInput): Promise<Grid> {
    this.ctx.policy.assertCan('manage', 'Grid', 'create grids');
    if (input.boundary) checkBoundary(input.boundary, 'input.boundary');
    await this.assertCodesFree([input.code], 'input.code');
    return this.ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      const parent = await em.findOne(Grid, { id: idOfType(input.parent, 'Grid', 'input.parent') });
      if (!parent) throw badInput('input.parent', `no grid ${input.parent}`);
      if (!kindsAt(parent.level + 1).includes(input.kind))
        throw badInput(
          'input.kind',
          `a level-${parent.level + 1} grid is one of ${kindsAt(parent.level + 1).join(', ')}`,
        );
      const { parent: _parent, ...fields } = input;
      return this.child(em, parent, { ...fields, kind: input.kind });
    });
  }

  /** The parts become children of the grid, one level below; residents stay where they are registered. */
  async splitGrid(input: SplitGridInput): Promise<Grid[]> {
    this.ctx.policy.assertCan('manage', 'Grid', 'split grids');
    input.parts.forEach((part, i) => part.boundary && checkBoundary(part.boundary, `input.parts[${i}].boundary`));
    const codes = input.parts.map((part) => part.code);
    if (new Set(codes).size < codes.length) throw badInput('input.parts', 'the parts need different codes');
    await this.assertCodesFree(codes, 'input.parts');
    return this.ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      const grid = await em.findOne(Grid, { id: idOfType(input.id, 'Grid', 'input.id') });
      if (!grid) throw notFound('Grid', input.id);
      if (grid.level < 3) throw badInput('input.id', 'only a level-3 grid or a finer one is split into subgrids');
      if ((await em.count(Grid, { parent: grid })) > 0) throw conflict(`Grid ${input.id} is already divided`);
      const parts: Grid[] = [];
      for (const part of input.parts) parts.push(await this.child(em, grid, { ...part, kind: GridKind.SUBGRID }));
      return parts;
    });
  }

  async updateGrid(input: UpdateGridInput): Promise<Grid> {
    this.ctx.policy.assertCan('manage', 'Grid', 'change grids');
    if (input.boundary) checkBoundary(input.boundary, 'input.boundary');
    return this.ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      const grid = await em.findOne(Grid, { id: idOfType(input.id, 'Grid', 'input.id') });
      if (!grid) throw notFound('Grid', input.id);
      if (grid.version !== input.expectedVersion)
        throw conflict(
          `Grid ${input.id} is at version ${grid.version}, not ${input.expectedVersion}: reload and retry`,
        );
      const before = factsOf(grid);
      if (input.name) grid.name = input.name;
      if (input.boundary) grid.boundary = input.boundary;
      if (input.partyBranch !== undefined) grid.partyBranch = input.partyBranch;
      await this.record(em, grid, 'UPDATE', differences(before, factsOf(grid)));
      return grid;
    });
  }

  async gridAt(point: PointInput): Promise<Grid | null> {
    const [row] = await runSql<{ id: number }[]>(this.ctx.em, GRID_AT, [point.lng, point.lat]);
    return row ? this.ctx.loaders.byId(Grid).load(row.id) : null;
  }

  /** A new grid below a parent: its path needs its own id, so it is written, then given its path. */
  private async child(
    em: EntityManager,
    parent: Grid,
    part: GridPartInput & { kind: GridKind; partyBranch?: string | null },
  ): Promise<Grid> {
    const grid = Object.assign(new Grid(), { ...part, level: parent.level + 1, parent, path: `${parent.path}0/` });
    await em.persistAndFlush(grid);
    grid.path = `${parent.path}${grid.id}/`;
    await em.flush();
    // A split records each part as created below the grid split: the parts are the change.
    await this.record(em, grid, 'CREATE', differences({}, { ...factsOf(grid), parent: refOf(parent) }));
    return grid;
  }

  /** A grid's entry lies in the grid itself: read by the posts whose scope holds it. */
  private record(em: EntityManager, grid: Grid, action: string, changes: StoredFieldChange[]): Promise<void> {
    return recordAdministration(em, this.ctx, {
      entityType: 'Grid',
      entity: grid,
      gridPath: grid.path,
      action,
      changes,
      basisOf: { type: 'Grid', row: grid },
    });
  }

  private async assertCodesFree(codes: string[], argumentName: string): Promise<void> {
    const taken = await this.ctx.em.find(Grid, { code: { $in: codes } }, { fields: ['code'] });
    if (taken.length > 0) throw conflict(`${argumentName}: the grid code "${taken[0].code}" is taken`);
  }
}
