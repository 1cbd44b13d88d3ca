import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { MAX_PAGE_SIZE } from '../../common/relay';
import type { RequestContext } from '../request-context';
import { Visit } from '../worker/visit.entity';
import { overdueVisits, OverdueVisitPage } from './overdue-visits';
import { RecordVisitInput } from './visit-record.inputs';
import { VisitRecordService } from './visit-record.service';

@Resolver()
export class VisitRecordResolver {
  @Mutation(() => Visit, { description: 'Record a visit to a resident; a visit due for a category clears it.' })
  recordVisit(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordVisitInput, { description: 'The visit.' }) input: RecordVisitInput,
  ): Promise<Visit> {
    return new VisitRecordService(ctx).record(input);
  }

  @Query(() => OverdueVisitPage, {
    description: 'Memberships whose visit is overdue by the category’s frequency, most overdue first.',
  })
  overdueVisits(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50, description: `Items per page, 1 to ${MAX_PAGE_SIZE}.` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item already seen.' })
    after: string | null,
  ): Promise<OverdueVisitPage> {
    return overdueVisits(ctx, Math.max(1, Math.min(first, MAX_PAGE_SIZE)), after);
  }
}
