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
registerEnumType(EmergencyReview, {
  name: 'EmergencyReview',
  description: "A privacy officer's verdict on an ended emergency access.",
  valuesConfig: {
    JUSTIFIED: { description: 'The access was justified.' },
    NOT_JUSTIFIED: { description: 'The access was not justified.' },
  },
});

/** Break-the-glass access to one resident or one grid outside scope, for at most four hours. */
@Entity()
@TypeTier(FieldTier.PUBLIC)
@ObjectType({
  description:
    "An emergency access (紧急访问, break-the-glass): time-limited access to one resident or one level-3 grid beyond one's own scope.",
  implements: Node,
})
export class EmergencyAccess extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => User, { deleteRule: 'restrict', index: true })
  user!: User;

  @ManyToOne(() => Resident, { nullable: true, deleteRule: 'restrict' })
  resident?: Resident | null;

  @ManyToOne(() => Grid, { nullable: true, deleteRule: 'restrict' })
  grid?: Grid | null;

  @Field({ description: 'The written reason given when opening it.' })
  @Property({ type: 'string', length: 500 })
  reason!: string;

  @Field({ description: 'When the access was opened.' })
  @Property({ type: 'datetime' })
  openedAt: Date = new Date();

  @Field({ description: 'When the access ends by itself.' })
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Field(() => Date, { description: 'When the holder closed it early; null otherwise.', nullable: true })
  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null;

  @Field(() => EmergencyReview, { description: "The privacy officer's verdict; null until reviewed.", nullable: true })
  @Enum({ items: () => EmergencyReview, nativeEnumName: 'emergency_review', nullable: true })
  review?: EmergencyReview | null;

  @Field(() => String, { description: "The privacy officer's note.", nullable: true })
  @Property({ type: 'string', length: 500, nullable: true })
  reviewNote?: string | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict' })
  reviewedBy?: User | null;

  @Field(() => Date, { description: 'When the access was reviewed.', nullable: true })
  @Property({ type: 'datetime', nullable: true })
  reviewedAt?: Date | null;
}
