import { FieldTier, TypeTier } from '../../common/tiers';
import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { Grid } from '../grid/grid.entity';
import { Resident } from '../resident/resident.entity';
import { User } from '../user/user.entity';

export enum EmergencyReview {
  JUSTIFIED = 'JUSTIFIED',
  NOT_JUSTIFIED = 'NOT_JUSTIFIED',
}
registerEnumType(EmergencyReview, { name: 'EmergencyReview' });

/** Break-the-glass access to one resident or one grid outside scope, for at most four hours. */
@Entity()
@TypeTier(FieldTier.PUBLIC)
@ObjectType({ implements: Node })
export class EmergencyAccess extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => User, { deleteRule: 'restrict', index: true })
  user!: User;

  @ManyToOne(() => Resident, { nullable: true, deleteRule: 'restrict' })
  resident?: Resident | null;

  @ManyToOne(() => Grid, { nullable: true, deleteRule: 'restrict' })
  grid?: Grid | null;

  @Field()
  @Property({ type: 'string', length: 500 })
  reason!: string;

  @Field()
  @Property({ type: 'datetime' })
  openedAt: Date = new Date();

  @Field()
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null;

  @Field(() => EmergencyReview, { nullable: true })
  @Enum({ items: () => EmergencyReview, nativeEnumName: 'emergency_review', nullable: true })
  review?: EmergencyReview | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 500, nullable: true })
  reviewNote?: string | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict' })
  reviewedBy?: User | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  reviewedAt?: Date | null;
}
