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
@ObjectType({ implements: Node })
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

  @Field(() => Float, { nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real' })
  leaderNomination!: number;

  @Field(() => Float, { nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real' })
  communityScore!: number;

  @Field(() => Float, { nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real' })
  streetReview!: number;

  @Field(() => Float, { nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real' })
  patrolCompliance!: number;

  @Field(() => Float, { nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real' })
  satisfactionSpotCheck!: number;

  @Field(() => Float, { nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real' })
  caseTimeliness!: number;

  @Field(() => Float, { nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'real' })
  total!: number;
}
