import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node, toGlobalId } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';

/** One field's value before and after a change, as stored (clear): the reader sees it at its own tiers. */
export interface StoredFieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

/**
 * One entry of the change history (溯源有渠道, contract §13): who changed which entity, under which post and
 * basis, when, and each field's old and new value. Written in the transaction of the change itself and never
 * changed afterwards (the table refuses UPDATE and DELETE). The entry's own facts are T1; the values in
 * `changes` keep the tier of the live field they were taken from.
 */
@Entity()
@ObjectType({ description: 'An entry of the change history: one write of one entity.', implements: Node })
@Index({ properties: ['residentId', 'id'], name: 'change_entry_resident_idx' })
export class ChangeEntry extends Node {
  @PrimaryKey({ type: 'bigint' })
  readonly id!: string;

  @Field({ description: 'When the change was committed.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  at: Date = new Date();

  @Property({ type: 'integer' })
  actorUserId!: number;

  @Field({ description: 'Username of who made the change.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 60 })
  actorUsername!: string;

  @Field({ description: 'The post under which the change was made, e.g. GRID_WORKER.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 30 })
  actorRole!: string;

  @Field({ description: 'The basis of the write: ROLE_SCOPE, SELF, EMERGENCY:<id>.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 80 })
  basis!: string;

  @Field({ description: 'Type of the entity changed, e.g. Resident, ResidentCategory, Visit.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 40 })
  entityType!: string;

  @Property({ type: 'integer' })
  entityId!: number;

  /** The resident the entity is about, so a resident's history gathers memberships and visits too. */
  @Property({ type: 'integer', nullable: true })
  residentId?: number | null;

  /** The entity's grid once changed; scopes who reads the entry. */
  @Property({ type: 'string', length: 200 })
  gridPath!: string;

  /** For a move, the grid it left: the posts of that grid read the entry too (and sync it as removed). */
  @Property({ type: 'string', length: 200, nullable: true })
  fromGridPath?: string | null;

  @Field({ description: 'What was done: REGISTER, UPDATE, MOVE, MOVE_OUT, START, END, RECORD, …', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 30 })
  action!: string;

  /** About a RESTRICTED category: the entry exists only for posts that read T4, and its values are T4. */
  @Property({ type: 'boolean', default: false })
  restricted: boolean = false;

  @Property({ type: 'json' })
  changes!: StoredFieldChange[];

  @Field({ name: 'entityId', description: 'Global id of the entity changed.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  get entityGlobalId(): string {
    return toGlobalId(this.entityType, this.entityId);
  }
}
