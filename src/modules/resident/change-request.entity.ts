import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node, toGlobalId } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Resident } from './resident.entity';

export enum ChangeRequestStatus {
  PENDING = 'PENDING',
  CONFIRMED = 'CONFIRMED',
  REJECTED = 'REJECTED',
}
registerEnumType(ChangeRequestStatus, {
  name: 'ChangeRequestStatus',
  description: 'Where a resident’s correction request stands.',
  valuesConfig: {
    PENDING: { description: 'Filed, waiting for a worker of the resident’s grid.' },
    CONFIRMED: { description: 'Confirmed: the change was applied to the record.' },
    REJECTED: { description: 'Rejected, with a reason.' },
  },
});

/**
 * A resident's request to correct their own phone or address (PIPL art. 46, contract §13): filed on the
 * record's version, applied only when a worker or leader of the resident's grid confirms it, through the
 * same validation, version check and change history as any update. The requested values carry the tier and
 * mask of the live fields they would replace.
 */
@Entity()
@ObjectType({ description: 'A resident’s request to correct their own phone or address.', implements: Node })
@Index({ properties: ['resident', 'id'] })
export class ChangeRequest extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Resident, { deleteRule: 'cascade' })
  resident!: Resident;

  @Field(() => ID, {
    name: 'residentId',
    description: 'Global id of the resident the request is about.',
    nullable: true,
  })
  @Tier(FieldTier.INTERNAL)
  get residentGlobalId(): string {
    return toGlobalId('Resident', this.resident.id);
  }

  @Field(() => Int, { description: 'The version of the record the request was filed on.' })
  @Tier(FieldTier.PUBLIC)
  @Property({ type: 'integer' })
  baseVersion!: number;

  @Field(() => String, { description: 'The phone number asked for; null when unchanged.', nullable: true })
  @Tier(FieldTier.PERSONAL, { mask: 'phone' })
  @Property({ type: 'string', length: 20, nullable: true })
  phone?: string | null;

  @Field(() => String, { description: 'The address asked for; null when unchanged.', nullable: true })
  @Tier(FieldTier.PERSONAL, { mask: 'address' })
  @Property({ type: 'string', length: 200, nullable: true })
  address?: string | null;

  @Field(() => ChangeRequestStatus, { description: 'Pending, confirmed or rejected.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => ChangeRequestStatus, nativeEnumName: 'change_request_status' })
  status: ChangeRequestStatus = ChangeRequestStatus.PENDING;

  @Field(() => String, { description: 'Why the request was rejected.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 200, nullable: true })
  reason?: string | null;

  @Field({ description: 'When the request was filed.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  filedAt: Date = new Date();

  @Field(() => Date, { description: 'When a worker confirmed or rejected it.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime', nullable: true })
  decidedAt?: Date | null;

  @Field(() => String, { description: 'Username of who confirmed or rejected it.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 60, nullable: true })
  decidedBy?: string | null;
}
