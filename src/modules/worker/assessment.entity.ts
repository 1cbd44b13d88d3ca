import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { GraphQLJSON } from 'graphql-scalars';
import { FieldTier, Tier } from '../../common/tiers';
import { Worker } from './worker.entity';

/** One part of an assessment with its weight and where the score came from (contract §14: each part explained). */
export interface AssessmentPart {
  part: string;
  /** Score of the part, 0–100; null while not known. */
  score: number | null;
  weight: number;
  basis: string;
}

/**
 * A worker's score for one period (考核). The parts are kept so the total can be recomputed when the
 * weights change; scores are personal data (T2).
 */
@Entity()
@ObjectType({
  description: "A worker's assessment (考核) for one period, with the parts of its score.",
  implements: Node,
})
@Unique({ properties: ['worker', 'period'] })
export class Assessment extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Worker, { deleteRule: 'cascade' })
  worker!: Worker;

  @Field({ description: 'Period such as "2026-Q3".', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 10 })
  period!: string;

  @Field(() => Float, { description: "Part of the score from the grid leader's nomination.", nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real', nullable: true })
  leaderNomination?: number | null;

  @Field(() => Float, { description: 'Part of the score from the community.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real', nullable: true })
  communityScore?: number | null;

  @Field(() => Float, { description: 'Part of the score from the street review.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real', nullable: true })
  streetReview?: number | null;

  @Field(() => Float, { description: 'Part of the score computed from patrol compliance.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real', nullable: true })
  patrolCompliance?: number | null;

  @Field(() => Float, {
    description: 'Part of the score computed from resident satisfaction in verifications and spot checks.',
    nullable: true,
  })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real', nullable: true })
  satisfactionSpotCheck?: number | null;

  @Field(() => Float, {
    description: 'Part of the score computed from case timeliness against the SLAs.',
    nullable: true,
  })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real', nullable: true })
  caseTimeliness?: number | null;

  @Field(() => Float, {
    description: 'The weighted total of the known parts, their weights scaled to one; null while none is known.',
    nullable: true,
  })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real', nullable: true })
  total?: number | null;

  /** Each part with its weight and basis, as found when the assessment was last recorded. */
  @Field(() => GraphQLJSON, {
    description:
      'Each part of the total: [{ part, score (0–100, null while not known), weight, basis (where the score came from) }].',
    nullable: true,
  })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'json' })
  explanation: AssessmentPart[] = [];

  @Field(() => Int, { description: 'Version for optimistic concurrency; each change adds one.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ version: true })
  version!: number;
}
