import type { EntityManager } from '@mikro-orm/postgresql';
import { ChangeEntry, StoredFieldChange } from './change-entry.entity';

/** Who made a change, as the history names them. */
export interface ChangeActor {
  userId: number;
  username: string;
  role: string;
}

/** One write of one entity, for the history. */
export interface ChangeRecord {
  /** The GraphQL type of the entity (Resident, ResidentCategory, Visit, Household, GridAssignment, …). */
  entityType: string;
  entityId: number;
  /** Grid path of the entity after the change: who may read the entry follows it. */
  gridPath: string;
  /** For a move, the grid path it had before. */
  fromGridPath?: string | null;
  /** The resident the entity is about, when there is one (gathers into `Resident.history`). */
  residentId?: number | null;
  /** What was done, in capitals: REGISTER, UPDATE, MOVE, START, END, … */
  action: string;
  /** The rule basis the write was allowed under (ROLE_SCOPE, EMERGENCY:<id>, SELF). */
  basis: string;
  /** True when the entity is about a RESTRICTED category: the entry is then T4 as a whole. */
  restricted?: boolean;
  /**
   * Each changed field, named as the field of `entityType` in the schema, with its clear old and new values.
   * A reader is shown each value exactly as it would be shown that live field (clear, masked or withheld).
   */
  changes: StoredFieldChange[];
}

/**
 * The one way to write the change history (contract §13). Call it with the EntityManager of the
 * transaction that makes the change, before it commits: the entry is flushed with the change, or not at all.
 *
 *   recordChange(em, actorOf(policy.principal), {
 *     entityType: 'Resident', entityId: resident.id, gridPath: resident.gridPath, residentId: resident.id,
 *     action: 'UPDATE', basis, changes: [{ field: 'phone', old: '138…', new: '139…' }],
 *   });
 *
 * A record whose `changes` is empty writes nothing: a command that changed nothing leaves no trace.
 */
export function recordChange(em: EntityManager, actor: ChangeActor, record: ChangeRecord): ChangeEntry | null {
  if (record.changes.length === 0 && record.action === 'UPDATE') return null;
  const entry = new ChangeEntry();
  Object.assign(entry, {
    actorUserId: actor.userId,
    actorUsername: actor.username,
    actorRole: actor.role,
    basis: record.basis,
    entityType: record.entityType,
    entityId: record.entityId,
    residentId: record.residentId ?? null,
    gridPath: record.gridPath,
    fromGridPath: record.fromGridPath ?? null,
    action: record.action,
    restricted: record.restricted ?? false,
    changes: record.changes.map((change) => ({
      field: change.field,
      old: change.old ?? null,
      new: change.new ?? null,
    })),
  });
  em.persist(entry);
  return entry;
}

/** The fields whose values differ between two snapshots of an entity, as history changes. */
export function differences(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: string[] = Object.keys(after),
): StoredFieldChange[] {
  return fields
    .filter((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null))
    .map((field) => ({ field, old: before[field] ?? null, new: after[field] ?? null }));
}
