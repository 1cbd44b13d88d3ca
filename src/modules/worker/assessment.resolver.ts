import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { FieldTier, Tier } from '../../common/tiers';
import type { RequestContext } from '../request-context';
import { Grid } from '../grid/grid.entity';
import { AssessmentWeights } from './assessment-weights.entity';
import { Assessment } from './assessment.entity';
import {
  AssessmentWeightsInput,
  PublishRedBlackListInput,
  RecordAssessmentInput,
  ReviewAssessmentInput,
} from './assessment.inputs';
import { AssessmentService } from './assessment.service';
import { RedBlackEntry, RedBlackList } from './red-black-list.entity';
import { RedBlackListService } from './red-black-list.service';
import { Worker } from './worker.entity';

@Resolver(() => Assessment)
export class AssessmentResolver {
  @Mutation(() => Assessment, {
    description: "The grid leader's nomination and community score for a worker and period; computed parts follow.",
  })
  recordAssessment(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordAssessmentInput, { description: 'Worker, period and scores.' })
    input: RecordAssessmentInput,
  ): Promise<Assessment> {
    return new AssessmentService(ctx).recordAssessment(input);
  }

  @Mutation(() => Assessment, { description: "The street admin's review of an assessment." })
  reviewAssessment(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ReviewAssessmentInput, { description: 'The assessment and the review.' })
    input: ReviewAssessmentInput,
  ): Promise<Assessment> {
    return new AssessmentService(ctx).reviewAssessment(input);
  }

  @Mutation(() => AssessmentWeights, { description: 'Sets the weights of a period; its assessments are re-totalled.' })
  setAssessmentWeights(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AssessmentWeightsInput, { description: 'The period and its six weights.' })
    input: AssessmentWeightsInput,
  ): Promise<AssessmentWeights> {
    return new AssessmentService(ctx).setAssessmentWeights(input);
  }

  @Query(() => [AssessmentWeights], { description: 'Weights set per period; other periods use the standing ones.' })
  assessmentWeights(@Ctx() ctx: RequestContext): Promise<AssessmentWeights[]> {
    return ctx.em.find(AssessmentWeights, {}, { orderBy: { period: 'desc' } });
  }

  @FieldResolver(() => Worker, { description: 'The worker assessed.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  worker(@Root() assessment: Assessment, @Ctx() ctx: RequestContext): Promise<Worker | null> {
    return ctx.loaders.byId(Worker).load(assessment.worker.id);
  }
}

@Resolver(() => RedBlackList)
export class RedBlackListResolver {
  @Mutation(() => RedBlackList, { description: "Publishes a street's red/black list for a period; it never changes." })
  publishRedBlackList(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => PublishRedBlackListInput, { description: 'Street, period and size.' })
    input: PublishRedBlackListInput,
  ): Promise<RedBlackList> {
    return new RedBlackListService(ctx).publishRedBlackList(input);
  }

  @Query(() => [RedBlackList], { description: 'Published red/black lists the caller may see, newest first.' })
  redBlackLists(
    @Ctx() ctx: RequestContext,
    @Arg('period', () => String, { nullable: true, description: 'Only lists of this period.' }) period: string | null,
  ): Promise<RedBlackList[]> {
    return new RedBlackListService(ctx).list(period ?? null);
  }

  @FieldResolver(() => Grid, { description: 'The street.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  street(@Root() list: RedBlackList, @Ctx() ctx: RequestContext): Promise<Grid | null> {
    return ctx.loaders.byId(Grid).load(list.street.id);
  }

  @FieldResolver(() => [RedBlackEntry], { description: 'The red and the black side, by rank.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  async entries(@Root() list: RedBlackList, @Ctx() ctx: RequestContext): Promise<RedBlackEntry[]> {
    return (await entriesOf(list, ctx)).filter((entry) => entry.side);
  }

  @FieldResolver(() => RedBlackEntry, { description: "The caller's own place in the ranking.", nullable: true })
  @Tier(FieldTier.INTERNAL)
  async myPlace(@Root() list: RedBlackList, @Ctx() ctx: RequestContext): Promise<RedBlackEntry | null> {
    const own = ctx.policy.principal.workerId;
    return (await entriesOf(list, ctx)).find((entry) => entry.worker.id === own) ?? null;
  }
}

function entriesOf(list: RedBlackList, ctx: RequestContext): Promise<RedBlackEntry[]> {
  return ctx.loaders.manyBy(RedBlackEntry, 'list', { rank: 'asc' }).load(list.id);
}

@Resolver(() => RedBlackEntry)
export class RedBlackEntryResolver {
  @FieldResolver(() => Worker, { description: 'The worker, when the caller may see it.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  worker(@Root() entry: RedBlackEntry, @Ctx() ctx: RequestContext): Promise<Worker | null> {
    return ctx.loaders.byId(Worker).load(entry.worker.id);
  }

  @FieldResolver(() => Assessment, {
    description: "The assessment behind the rank, with its parts, for those who may read it (the worker's own).",
    nullable: true,
  })
  @Tier(FieldTier.INTERNAL)
  async assessment(@Root() entry: RedBlackEntry, @Ctx() ctx: RequestContext): Promise<Assessment | null> {
    const [list, assessments] = await Promise.all([
      ctx.loaders.byId(RedBlackList).load(entry.list.id),
      ctx.loaders.manyBy(Assessment, 'worker').load(entry.worker.id),
    ]);
    return assessments.find((assessment) => assessment.period === list?.period) ?? null;
  }
}

export const assessmentResolvers = [AssessmentResolver, RedBlackListResolver, RedBlackEntryResolver] as const;
