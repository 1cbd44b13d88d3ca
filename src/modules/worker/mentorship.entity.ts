import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Worker } from './worker.entity';

/** An experienced worker paired with a new one (新老结对, 传帮带). */
@Entity()
@ObjectType({ description: 'A mentor pair (新老结对) of an experienced and a new worker.', implements: Node })
export class Mentorship extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Worker, { deleteRule: 'cascade', index: true })
  mentor!: Worker;

  @ManyToOne(() => Worker, { deleteRule: 'cascade', index: true })
  mentee!: Worker;

  @Field(() => String, { description: 'Start of the pairing.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'date' })
  since!: string;

  @Field(() => String, { description: 'End of the pairing; null while it lasts.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'date', nullable: true })
  until?: string | null;
}
