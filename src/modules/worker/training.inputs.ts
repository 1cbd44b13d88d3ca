import { IsOptional, Length, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType } from 'type-graphql';
import { IsCalendarDate } from '../../common/dates';
import { TrainingTopic } from './training-record.entity';

@InputType({ description: 'A training a worker completed, recorded by its leader.' })
export class RecordTrainingInput {
  @Field(() => ID, { description: 'Global id of the worker.' })
  worker!: string;

  @Field(() => TrainingTopic, { description: 'Subject of the training.' })
  topic!: TrainingTopic;

  @Field({ description: 'Title of the training.' })
  @Length(2, 100)
  title!: string;

  @Field({ description: 'Day it was completed, YYYY-MM-DD.' })
  @IsCalendarDate()
  completedOn!: string;

  @Field(() => Float, { description: 'Length, in hours.' })
  @Min(0.5)
  @Max(500)
  hours!: number;
}

@InputType({ description: 'A new mentor pair (新老结对) of two workers of the community.' })
export class PairMentorInput {
  @Field(() => ID, { description: 'Global id of the experienced worker.' })
  mentor!: string;

  @Field(() => ID, { description: 'Global id of the new worker.' })
  mentee!: string;

  @Field(() => String, { nullable: true, description: 'First day of the pairing; defaults to today.' })
  @IsOptional()
  @IsCalendarDate()
  since?: string | null;
}
