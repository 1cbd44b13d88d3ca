import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, PageArgs, toConnection } from '../../common/relay';
import type { RequestContext } from '../request-context';
import { Resident } from '../resident/resident.entity';
import { Grid } from './grid.entity';
import { GridFilter, GridOrder } from './grid.inputs';
import { GridService } from './grid.service';

export const GridConnection = ConnectionType(Grid);

@Resolver(() => Grid)
export class GridResolver {
  @Query(() => GridConnection, { description: 'Grids of the district tree, filtered and ordered.' })
  async grids(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => GridFilter, { description: 'Conditions the grids must meet.', nullable: true })
    filter: GridFilter | null,
    @Arg('orderBy', () => GridOrder, { description: 'How the grids are ordered.', nullable: true })
    orderBy: GridOrder | null,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    const result = await new GridService(ctx).list(filter, orderBy ?? new GridOrder(), page);
    return toConnection(GridConnection, result);
  }

  @Query(() => Grid, { description: 'One grid by its global id.' })
  grid(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the grid.' }) id: string,
  ): Promise<Grid> {
    return new GridService(ctx).get(id);
  }

  @FieldResolver(() => Grid, { description: 'The grid one level up; null for the district root.', nullable: true })
  parent(@Root() grid: Grid, @Ctx() ctx: RequestContext): Promise<Grid | null> {
    return new GridService(ctx).parent(grid);
  }

  @FieldResolver(() => [Grid], { description: 'The grids one level down.' })
  children(@Root() grid: Grid, @Ctx() ctx: RequestContext): Promise<Grid[]> {
    return new GridService(ctx).children(grid);
  }

  @FieldResolver(() => [Grid], { description: 'Grids above this one, from the district root down.' })
  ancestors(@Root() grid: Grid, @Ctx() ctx: RequestContext): Promise<Grid[]> {
    return new GridService(ctx).ancestors(grid);
  }

  @FieldResolver(() => [Resident], {
    description:
      'The first residents registered directly in this grid that the caller may see, by id; use residents(filter: { grid }) to page.',
  })
  residents(
    @Root() grid: Grid,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { description: 'Largest number of residents to return.', defaultValue: 20 }) first: number,
  ): Promise<Resident[]> {
    return ctx.loaders.firstPerParent(Resident, 'grid', Math.max(0, Math.min(first, 100))).load(grid.id);
  }

  @FieldResolver(() => [Grid], { description: 'Ancestors and the grid itself, root first (for breadcrumbs).' })
  async path(@Root() grid: Grid, @Ctx() ctx: RequestContext): Promise<Grid[]> {
    return [...(await new GridService(ctx).ancestors(grid)), grid];
  }
}
