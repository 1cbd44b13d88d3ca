import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { FieldTier, TypeTier } from '../../common/tiers';
import { Resident } from '../resident/resident.entity';
import { ChangeEntry } from './change-entry.entity';

export enum ValueAccess {
  FULL = 'FULL',
  MASKED = 'MASKED',
  WITHHELD = 'WITHHELD',
}
registerEnumType(ValueAccess, {
  name: 'ValueAccess',
  description: 'How a value of the history is shown to the caller: as the live field would be.',
  valuesConfig: {
    FULL: { description: 'In clear.' },
    MASKED: { description: 'In the masked form of the live field.' },
    WITHHELD: { description: 'Not shown (null): the live field is not visible to the caller.' },
  },
});

/**
 * One field of a change. Its values are decided before this object exists (history-values.ts), by the
 * rules of the live field they come from; the object itself carries nothing the caller may not see.
 */
@ObjectType({ description: 'One field changed by a write, with its old and new value at the caller’s tiers.' })
@TypeTier(FieldTier.PUBLIC)
export class FieldChange {
  @Field({ description: 'The field of the entity, as named in the schema (e.g. phone).' })
  field!: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The value before the change; null when withheld.' })
  old!: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The value after the change; null when withheld.' })
  new!: unknown;

  @Field(() => ValueAccess, { description: 'Whether the values are in clear, masked or withheld.' })
  access!: ValueAccess;
}

export enum SyncKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  REMOVED = 'REMOVED',
}
registerEnumType(SyncKind, {
  name: 'SyncKind',
  description: 'What a change means for a copy of the caller’s scope kept offline.',
  valuesConfig: {
    CREATED: { description: 'A new record in the caller’s scope.' },
    UPDATED: { description: 'A record in the caller’s scope changed.' },
    REMOVED: { description: 'The record left the caller’s scope (moved away, moved out): drop the copy.' },
  },
});

@ObjectType({ description: 'One change since the cursor, for offline sync.' })
@TypeTier(FieldTier.PUBLIC)
export class SyncItem {
  @Field(() => SyncKind, { description: 'Created, updated, or removed from the caller’s scope.' })
  kind!: SyncKind;

  @Field(() => ChangeEntry, { description: 'The history entry, its values at the caller’s tiers.' })
  entry!: ChangeEntry;

  @Field(() => Resident, {
    nullable: true,
    description: 'The resident concerned as the caller sees them now; null when removed or not a resident’s record.',
  })
  resident!: Resident | null;

  @Field({ description: 'Cursor of this change; pass it as since to continue after it.' })
  cursor!: string;
}

@ObjectType({ description: 'A page of changes in the caller’s scope, oldest first.' })
@TypeTier(FieldTier.PUBLIC)
export class ChangeFeed {
  @Field(() => [SyncItem], { description: 'The changes, oldest first.' })
  items!: SyncItem[];

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last change of the page (or the one given when none); pass it as since.',
  })
  cursor!: string | null;

  @Field({ description: 'Whether more changes follow this page.' })
  hasMore!: boolean;

  @Field(() => Int, { description: 'Number of changes on this page.' })
  count!: number;
}
