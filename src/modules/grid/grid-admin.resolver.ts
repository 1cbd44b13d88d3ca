import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../request-context';
import { CreateGridInput, PointInput, SplitGridInput, UpdateGridInput } from './grid-admin.inputs';
import { GridAdminService } from './grid-admin.service';
import { Grid } from './grid.entity';

@Resolver(() => Grid)
export class GridAdminResolver {
  @Query(() => Grid, { nullable: true, description: 'The deepest grid whose boundary holds the point; null if none.' })
  gridAt(
    @Ctx() ctx: RequestContext,
    @Arg('point', () => PointInput, { description: 'The point, lng/lat.' }) point: PointInput,
  ): Promise<Grid | null> {
    return new GridAdminService(ctx).gridAt(point);
  }

  @Mutation(() => Grid, { description: 'Creates a grid one level below its parent.' })
  createGrid(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateGridInput, { description: 'The grid.' }) input: CreateGridInput,
  ): Promise<Grid> {
    return new GridAdminService(ctx).createGrid(input);
  }

  @Mutation(() => [Grid], { description: 'Splits a large level-3 grid (or finer) into subgrids one level below.' })
  splitGrid(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SplitGridInput, { description: 'The grid and its parts.' }) input: SplitGridInput,
  ): Promise<Grid[]> {
    return new GridAdminService(ctx).splitGrid(input);
  }

  @Mutation(() => Grid, { description: 'Renames a grid, sets its GeoJSON boundary or its party branch.' })
  updateGrid(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateGridInput, { description: 'What changes.' }) input: UpdateGridInput,
  ): Promise<Grid> {
    return new GridAdminService(ctx).updateGrid(input);
  }
}
