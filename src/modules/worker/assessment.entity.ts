import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Float, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Worker } from './worker.entity';

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
  @Property({ type: 'real' })
  leaderNomination!: number;

  @Field(() => Float, { description: 'Part of the score from the community.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real' })
  communityScore!: number;

  @Field(() => Float, { description: 'Part of the score from the street review.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real' })
  streetReview!: number;

  @Field(() => Float, { description: 'Part of the score computed from patrol compliance.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real' })
  patrolCompliance!: number;

  @Field(() => Float, {
    description: 'Part of the score computed from resident satisfaction in verifications and spot checks.',
    nullable: true,
  })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real' })
  satisfactionSpotCheck!: number;

  @Field(() => Float, {
    description: 'Part of the score computed from case timeliness against the SLAs.',
    nullable: true,
  })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real' })
  caseTimeliness!: number;

  @Field(() => Float, { description: 'The weighted total of the parts.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real' })
  total!: number;
}
