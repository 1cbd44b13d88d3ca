import { ArrayMaxSize, ArrayNotEmpty, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';

@InputType({ description: "The start of one of the caller's own patrols." })
export class StartPatrolInput {
  @Field({ description: "The app's key for this patrol: a retried start returns the same track." })
  @Length(1, 64)
  clientKey!: string;

  @Field(() => ID, { description: 'The grid patrolled, one of the caller’s own grids.' })
  grid!: string;

  @Field({ nullable: true, description: 'When the patrol started; defaults to now.' })
  @IsOptional()
  startedAt?: Date;
}

@InputType({ description: 'One batch of GPS fixes of a patrol; batches may arrive late, twice or out of order.' })
export class AppendPatrolPointsInput {
  @Field(() => ID, { description: 'Global id of the patrol track.' })
  patrol!: string;

  @Field(() => Int, { description: 'Number of the batch in the patrol, from 1; a batch sent again is ignored.' })
  @Min(1)
  @Max(100000)
  sequence!: number;

  @Field(() => [[Float]], { description: 'GPS fixes [lng, lat, epochSeconds], at most 500.' })
  @ArrayNotEmpty()
  @ArrayMaxSize(500)
  points!: number[][];
}
