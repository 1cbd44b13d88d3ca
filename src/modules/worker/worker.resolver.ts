import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Query, Resolver, Root } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { idOfType } from '../../common/global-id';
import { ConnectionType, OrderDirection, PageArgs, toConnection } from '../../common/relay';
import type { RequestContext } from '../../server/context';
import { notFound } from '../../common/errors';
import { ListSpec, listPage } from '../common/list-page';
import { Grid } from '../grid/grid.entity';
import { escapeLike, GridService } from '../grid/grid.service';
import { Assessment } from './assessment.entity';
import { GridAssignment } from './grid-assignment.entity';
import { TrainingRecord } from './training-record.entity';
import { Worker } from './worker.entity';

@InputType()
export class WorkerFilter {
  @Field(() => ID, {
    nullable: true,
    description: "Workers belonging to this grid's community or the communities below it.",
  })
  grid?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 50)
  nameContains?: string | null;
}

export const WorkerConnection = ConnectionType(Worker);

@Resolver(() => Worker)
export class WorkerResolver {
  @Query(() => WorkerConnection, { description: 'Grid workers and leaders the caller may see.' })
  async workers(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => WorkerFilter, { nullable: true }) filter: WorkerFilter | null,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    const spec: ListSpec<Worker, WorkerFilter> = {
      type: 'Worker',
      entity: Worker,
      filterFields: { nameContains: 'name', grid: 'homeGridPath' },
      where: async (given) => {
        const where: Record<string, unknown> = {};
        if (given.nameContains) where.name = { $like: `%${escapeLike(given.nameContains)}%` };
        if (given.grid)
          where.homeGridPath = { $like: `${await new GridService(ctx).subtreePath(given.grid, 'filter.grid')}%` };
        return where;
      },
    };
    const order = { field: 'id', direction: OrderDirection.ASC };
    return toConnection(WorkerConnection, await listPage(ctx.em, ctx.policy!, spec, { filter, order, page }));
  }

  @Query(() => Worker)
  async worker(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Worker> {
    const worker = await ctx.loaders.byId(Worker).load(idOfType(id, 'Worker'));
    if (!worker) throw notFound('Worker', id);
    return worker;
  }

  @FieldResolver(() => [GridAssignment], { nullable: true, description: 'Grids the worker is responsible for.' })
  assignments(@Root() worker: Worker, @Ctx() ctx: RequestContext): Promise<GridAssignment[]> {
    return ctx.loaders.manyBy(GridAssignment, 'worker').load(worker.id);
  }

  @FieldResolver(() => [TrainingRecord], {
    description: 'Training completed (emergency, health, law, computer, social work).',
  })
  trainings(@Root() worker: Worker, @Ctx() ctx: RequestContext): Promise<TrainingRecord[]> {
    return ctx.loaders.manyBy(TrainingRecord, 'worker', { completedOn: 'desc' }).load(worker.id);
  }

  @FieldResolver(() => [Assessment], { description: 'Assessments per period, newest first.' })
  assessments(@Root() worker: Worker, @Ctx() ctx: RequestContext): Promise<Assessment[]> {
    return ctx.loaders.manyBy(Assessment, 'worker', { period: 'desc' }).load(worker.id);
  }
}

@Resolver(() => GridAssignment)
export class GridAssignmentResolver {
  @FieldResolver(() => Grid, { nullable: true })
  grid(@Root() assignment: GridAssignment, @Ctx() ctx: RequestContext): Promise<Grid | null> {
    return ctx.loaders.byId(Grid).load(assignment.grid.id);
  }
}
