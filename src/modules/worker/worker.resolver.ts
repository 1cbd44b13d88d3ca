import { FieldTier, Tier } from '../../common/tiers';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, PageArgs, toConnection } from '../../common/relay';
import type { RequestContext } from '../request-context';
import { Grid } from '../grid/grid.entity';
import { Assessment } from './assessment.entity';
import { GridAssignment } from './grid-assignment.entity';
import { TrainingRecord } from './training-record.entity';
import { Worker } from './worker.entity';
import { WorkerFilter } from './worker.inputs';
import { WorkerService } from './worker.service';
import { AssignWorkerInput } from './assignment.inputs';
import { AssignmentService } from './assignment.service';

export const WorkerConnection = ConnectionType(Worker);

@Resolver(() => Worker)
export class WorkerResolver {
  @Query(() => WorkerConnection, { description: 'Grid workers and leaders the caller may see.' })
  async workers(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => WorkerFilter, { description: 'Conditions the workers must meet.', nullable: true })
    filter: WorkerFilter | null,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    return toConnection(WorkerConnection, await new WorkerService(ctx).list(filter, page));
  }

  @Query(() => Worker, { description: 'One worker by global id.' })
  worker(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the worker.' }) id: string,
  ): Promise<Worker> {
    return new WorkerService(ctx).get(id);
  }

  @FieldResolver(() => [GridAssignment], { nullable: true, description: 'Grids the worker is responsible for.' })
  @Tier(FieldTier.INTERNAL)
  assignments(@Root() worker: Worker, @Ctx() ctx: RequestContext): Promise<GridAssignment[]> {
    return new WorkerService(ctx).assignments(worker);
  }

  @FieldResolver(() => [TrainingRecord], {
    nullable: true,
    description: 'Training completed (emergency, health, law, computer, social work).',
  })
  @Tier(FieldTier.INTERNAL)
  trainings(@Root() worker: Worker, @Ctx() ctx: RequestContext): Promise<TrainingRecord[]> {
    return new WorkerService(ctx).trainings(worker);
  }

  @FieldResolver(() => [Assessment], {
    nullable: true,
    description: 'Assessments per period, newest first; their scores are personal data (T2) of the worker.',
  })
  // The rows and scores are decided on Assessment itself, so a worker reads its own and no colleague's.
  @Tier(FieldTier.INTERNAL)
  assessments(@Root() worker: Worker, @Ctx() ctx: RequestContext): Promise<Assessment[]> {
    return new WorkerService(ctx).assessments(worker);
  }
}

@Resolver(() => GridAssignment)
export class GridAssignmentResolver {
  @Mutation(() => GridAssignment, {
    description: 'Assigns a worker to a grid (a leader in its community); scope follows from the next request.',
  })
  assignWorker(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AssignWorkerInput, { description: 'Worker, grid, role and period.' }) input: AssignWorkerInput,
  ): Promise<GridAssignment> {
    return new AssignmentService(ctx).assignWorker(input);
  }

  @Mutation(() => GridAssignment, {
    description: 'Ends an assignment; without a last day the grid leaves the scope at once.',
  })
  endAssignment(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the assignment.' }) id: string,
    @Arg('lastDay', () => String, { nullable: true, description: 'Last day of the assignment; defaults to yesterday.' })
    lastDay: string | null,
  ): Promise<GridAssignment> {
    return new AssignmentService(ctx).endAssignment(id, lastDay ?? null);
  }

  @FieldResolver(() => Grid, { description: 'The grid of the assignment.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  grid(@Root() assignment: GridAssignment, @Ctx() ctx: RequestContext): Promise<Grid | null> {
    return new WorkerService(ctx).assignedGrid(assignment);
  }
}
