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
registerEnumType(TrainingTopic, {
  name: 'TrainingTopic',
  description: 'The subject of a training.',
  valuesConfig: {
    EMERGENCY: { description: 'Emergency response.' },
    HEALTH: { description: 'Health.' },
    LAW: { description: 'Law.' },
    COMPUTER: { description: 'Computer skills.' },
    SOCIAL_WORK: { description: 'Social work.' },
  },
});

@Entity()
@ObjectType({ description: 'A training a worker completed.', implements: Node })
export class TrainingRecord extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Worker, { deleteRule: 'cascade', index: true })
  worker!: Worker;

  @Field(() => TrainingTopic, { description: 'Subject of the training.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => TrainingTopic, nativeEnumName: 'training_topic' })
  topic!: TrainingTopic;

  @Field({ description: 'Title of the training.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 100 })
  title!: string;

  @Field(() => String, { description: 'Day the training was completed.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'date' })
  completedOn!: string;

  @Field(() => Float, { description: 'Length of the training, in hours.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'decimal', precision: 5, scale: 1, runtimeType: 'number' })
  hours!: number;
}
