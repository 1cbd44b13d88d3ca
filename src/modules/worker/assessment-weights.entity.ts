import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { FieldTier, TypeTier } from '../../common/tiers';
import { User } from '../user/user.entity';

/** The parts of an assessment, in the order they are shown and weighted. */
export const ASSESSMENT_PARTS = [
  'leaderNomination',
  'communityScore',
  'streetReview',
  'patrolCompliance',
  'satisfactionSpotCheck',
  'caseTimeliness',
] as const;
export type AssessmentPartName = (typeof ASSESSMENT_PARTS)[number];

/** Weights used for a period the district admin has not set: the district's standing practice. */
export const STANDING_WEIGHTS: Record<AssessmentPartName, number> = {
  leaderNomination: 0.15,
  communityScore: 0.2,
  streetReview: 0.2,
  patrolCompliance: 0.15,
  satisfactionSpotCheck: 0.15,
  caseTimeliness: 0.15,
};

/** How much each part counts in the total of one period, set by the district admin (contract §14). */
@Entity()
@TypeTier(FieldTier.PUBLIC)
@ObjectType({ description: 'Weights of the assessment parts for one period; they add up to one.', implements: Node })
export class AssessmentWeights extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @Field({ description: 'Period such as "2026-Q3" or "2026-11".' })
  @Property({ type: 'string', length: 10, unique: true })
  period!: string;

  @Field(() => Float, { description: "Weight of the grid leader's nomination." })
  @Property({ type: 'real' })
  leaderNomination!: number;

  @Field(() => Float, { description: 'Weight of the community score.' })
  @Property({ type: 'real' })
  communityScore!: number;

  @Field(() => Float, { description: 'Weight of the street review.' })
  @Property({ type: 'real' })
  streetReview!: number;

  @Field(() => Float, { description: 'Weight of patrol compliance.' })
  @Property({ type: 'real' })
  patrolCompliance!: number;

  @Field(() => Float, { description: 'Weight of resident satisfaction.' })
  @Property({ type: 'real' })
  satisfactionSpotCheck!: number;

  @Field(() => Float, { description: 'Weight of case timeliness.' })
  @Property({ type: 'real' })
  caseTimeliness!: number;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  setBy?: User | null;

  @Field({ description: 'When the weights were last set.' })
  @Property({ type: 'datetime' })
  setAt: Date = new Date();
}
