import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Worker } from './worker.entity';

export enum TrainingTopic {
  EMERGENCY = 'EMERGENCY',
  HEALTH = 'HEALTH',
  LAW = 'LAW',
  COMPUTER = 'COMPUTER',
  SOCIAL_WORK = 'SOCIAL_WORK',
}
registerEnumType(TrainingTopic, { name: 'TrainingTopic' });

@Entity()
@ObjectType({ implements: Node })
export class TrainingRecord extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Worker, { deleteRule: 'cascade', index: true })
  worker!: Worker;

  @Field(() => TrainingTopic, { nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => TrainingTopic, nativeEnumName: 'training_topic' })
  topic!: TrainingTopic;

  @Field({ nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 100 })
  title!: string;

  @Field(() => String, { nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'date' })
  completedOn!: string;

  @Field(() => Float, { nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'decimal', precision: 5, scale: 1, runtimeType: 'number' })
  hours!: number;
}
