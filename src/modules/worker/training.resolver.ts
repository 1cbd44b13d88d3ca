import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../request-context';
import { Mentorship } from './mentorship.entity';
import { TrainingRecord } from './training-record.entity';
import { PairMentorInput, RecordTrainingInput } from './training.inputs';
import { TrainingService } from './training.service';
import { WorkerWorkload, WorkloadService } from './workload.service';

@Resolver(() => TrainingRecord)
export class TrainingResolver {
  @Mutation(() => TrainingRecord, { description: "Records a training of a worker of the leader's community." })
  recordTraining(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordTrainingInput, { description: 'The training.' }) input: RecordTrainingInput,
  ): Promise<TrainingRecord> {
    return new TrainingService(ctx).recordTraining(input);
  }

  @Mutation(() => Mentorship, { description: 'Pairs a new worker with an experienced one (新老结对).' })
  pairMentor(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => PairMentorInput, { description: 'The pair.' }) input: PairMentorInput,
  ): Promise<Mentorship> {
    return new TrainingService(ctx).pairMentor(input);
  }

  @Mutation(() => Mentorship, { description: 'Ends a mentor pair.' })
  endMentorship(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the pair.' }) id: string,
    @Arg('until', () => String, { nullable: true, description: 'Last day of the pairing; defaults to today.' })
    until: string | null,
  ): Promise<Mentorship> {
    return new TrainingService(ctx).endMentorship(id, until ?? null);
  }

  @Query(() => [WorkerWorkload], {
    description: 'Cases, visits and patrol time per worker the caller supervises, for a period.',
  })
  workerWorkload(
    @Ctx() ctx: RequestContext,
    @Arg('period', { description: 'Period such as "2026-Q3" or "2026-11".' }) period: string,
  ): Promise<WorkerWorkload[]> {
    return new WorkloadService(ctx).workload(period);
  }
}
