import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../request-context';
import { CaseStatistics } from './case-statistics.types';
import { CaseStatisticsService } from './case-statistics.service';

@Resolver(() => CaseStatistics)
export class CaseStatisticsResolver {
  @Query(() => CaseStatistics, {
    description: 'Case figures of a grid subtree (default: all the caller sees) reported in [from, to).',
  })
  caseStatistics(
    @Ctx() ctx: RequestContext,
    @Arg('grid', () => ID, { nullable: true }) grid: string | null,
    @Arg('from', () => Date, { nullable: true }) from: Date | null,
    @Arg('to', () => Date, { nullable: true }) to: Date | null,
  ): Promise<CaseStatistics> {
    return new CaseStatisticsService(ctx).statistics({ grid, from, to });
  }
}
