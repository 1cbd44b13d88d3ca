import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Case } from '../case/case.entity';
import { User } from '../user/user.entity';

/**
 * One entry of a user's inbox: what a live event told, kept for a client that was offline (contract §15).
 * It names the case, never copies it: the case is read through the recipient's policy when the inbox is.
 */
@Entity({ tableName: 'notification' })
@Index({ properties: ['recipient', 'createdAt'] })
@ObjectType({ description: 'An inbox entry: a case assigned, dispatched or near a deadline.', implements: Node })
export class Notification extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  recipient!: User;

  @Field({ description: 'CASE_ASSIGNED, CASE_DISPATCHED or SLA_WARNING.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 30 })
  kind!: string;

  @ManyToOne(() => Case, { deleteRule: 'cascade', nullable: true })
  case?: Case | null;

  @Field({ description: 'When it was sent.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date, { description: 'When the recipient marked it read; null while unread.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime', nullable: true })
  readAt?: Date | null;
}
