import { IsOptional, Length, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';

@InputType({ description: "The grid leader's parts of an assessment: nomination and community score (0–100)." })
export class RecordAssessmentInput {
  @Field(() => ID, { description: 'Global id of the worker assessed.' })
  worker!: string;

  @Field({ description: 'Period such as "2026-Q3" or "2026-11".' })
  @Length(7, 7)
  period!: string;

  @Field(() => Float, { description: "The leader's nomination, 0–100." })
  @Min(0)
  @Max(100)
  leaderNomination!: number;

  @Field(() => Float, { description: 'The community score, 0–100.' })
  @Min(0)
  @Max(100)
  communityScore!: number;

  @Field(() => Int, { nullable: true, description: 'Version of an assessment already recorded; another: CONFLICT.' })
  @IsOptional()
  expectedVersion?: number | null;
}

@InputType({ description: "The street admin's review of an assessment (0–100)." })
export class ReviewAssessmentInput {
  @Field(() => ID, { description: 'Global id of the assessment.' })
  assessment!: string;

  @Field(() => Float, { description: 'The street review, 0–100.' })
  @Min(0)
  @Max(100)
  streetReview!: number;

  @Field(() => Int, { description: 'The version reviewed; another answers CONFLICT.' })
  expectedVersion!: number;
}

@InputType({ description: 'Weights of the six assessment parts for one period; they must add up to one.' })
export class AssessmentWeightsInput {
  @Field({ description: 'Period such as "2026-Q3" or "2026-11".' })
  @Length(7, 7)
  period!: string;

  @Field(() => Float, { description: "Weight of the leader's nomination." })
  @Min(0)
  @Max(1)
  leaderNomination!: number;

  @Field(() => Float, { description: 'Weight of the community score.' })
  @Min(0)
  @Max(1)
  communityScore!: number;

  @Field(() => Float, { description: 'Weight of the street review.' })
  @Min(0)
  @Max(1)
  streetReview!: number;

  @Field(() => Float, { description: 'Weight of patrol compliance.' })
  @Min(0)
  @Max(1)
  patrolCompliance!: number;

  @Field(() => Float, { description: 'Weight of resident satisfaction.' })
  @Min(0)
  @Max(1)
  satisfactionSpotCheck!: number;

  @Field(() => Float, { description: 'Weight of case timeliness.' })
  @Min(0)
  @Max(1)
  caseTimeliness!: number;
}

@InputType({ description: "Publication of a street's red/black list for a period." })
export class PublishRedBlackListInput {
  @Field(() => ID, { description: 'Global id of the street (level-1 grid).' })
  street!: string;

  @Field({ description: 'Period such as "2026-Q3".' })
  @Length(7, 7)
  period!: string;

  @Field(() => Int, { description: 'How many workers each side lists.' })
  @Min(1)
  @Max(50)
  size!: number;
}
