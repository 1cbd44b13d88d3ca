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
    @Arg('grid', () => ID, {
      description: "Global id of the grid whose subtree is counted; the caller's whole scope when omitted.",
      nullable: true,
    })
    grid: string | null,
    @Arg('from', () => Date, { description: 'Start of the period, by report time (inclusive).', nullable: true })
    from: Date | null,
    @Arg('to', () => Date, { description: 'End of the period, by report time (exclusive).', nullable: true })
    to: Date | null,
  ): Promise<CaseStatistics> {
    return new CaseStatisticsService(ctx).statistics({ grid, from, to });
  }
}
