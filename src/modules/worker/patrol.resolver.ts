import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { FieldTier, Tier } from '../../common/tiers';
import type { RequestContext } from '../request-context';
import { Grid } from '../grid/grid.entity';
import { AppendPatrolPointsInput, StartPatrolInput } from './patrol.inputs';
import { PatrolService } from './patrol.service';
import { PatrolTrack } from './patrol-track.entity';
import { Worker } from './worker.entity';

@Resolver(() => PatrolTrack)
export class PatrolResolver {
  @Mutation(() => PatrolTrack, { description: "Starts one of the caller's own patrols; a retried start returns it." })
  startPatrol(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StartPatrolInput, { description: 'The patrol and its client key.' }) input: StartPatrolInput,
  ): Promise<PatrolTrack> {
    return new PatrolService(ctx).startPatrol(input);
  }

  @Mutation(() => PatrolTrack, {
    description: 'Adds a batch of GPS fixes to a patrol under way; a batch sent twice counts once.',
  })
  appendPatrolPoints(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AppendPatrolPointsInput, { description: 'The batch.' }) input: AppendPatrolPointsInput,
  ): Promise<PatrolTrack> {
    return new PatrolService(ctx).appendPatrolPoints(input);
  }

  @Mutation(() => PatrolTrack, { description: "Ends one of the caller's own patrols; ending twice changes nothing." })
  endPatrol(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the patrol track.' }) id: string,
    @Arg('endedAt', () => Date, { nullable: true, description: 'When the patrol ended; defaults to now.' })
    endedAt: Date | null,
  ): Promise<PatrolTrack> {
    return new PatrolService(ctx).endPatrol(id, endedAt ?? null);
  }

  @FieldResolver(() => Worker, { description: 'The worker who patrolled.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  worker(@Root() track: PatrolTrack, @Ctx() ctx: RequestContext): Promise<Worker | null> {
    return ctx.loaders.byId(Worker).load(track.worker.id);
  }

  @FieldResolver(() => Grid, { description: 'The grid the patrol started in.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  grid(@Root() track: PatrolTrack, @Ctx() ctx: RequestContext): Promise<Grid | null> {
    return ctx.loaders.byId(Grid).load(track.grid.id);
  }

  @FieldResolver(() => [Grid], { description: 'The level-3 grids the route passed through.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  async gridsCovered(@Root() track: PatrolTrack, @Ctx() ctx: RequestContext): Promise<Grid[]> {
    const grids = await ctx.loaders.byId(Grid).loadMany(track.gridsCovered);
    return grids.filter((grid): grid is Grid => grid instanceof Grid);
  }
}
