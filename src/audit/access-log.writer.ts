import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '../db/sql';
import type { AccessEntry } from './access-recorder';

/** Who read, from where and for what: the parts of an entry that are the same for a whole request. */
export interface RequestActor {
  requestId: string;
  operationName: string | null;
  userId: number | null;
  role: string | null;
  departmentId: number | null;
  clientAddress: string | null;
  purpose: string | null;
}

/**
 * Appends a request's entries in one statement. The database function chains them to the log under a
 * lock, so concurrent writers (even several server processes) keep one verifiable order.
 */
export async function appendAccessEntries(
  em: EntityManager,
  actor: RequestActor,
  entries: AccessEntry[],
  waitMs: number,
): Promise<void> {
  const occurredAt = new Date().toISOString();
  const rows = entries.map((entry) => ({
    occurred_at: occurredAt,
    request_id: actor.requestId,
    operation_name: actor.operationName?.slice(0, 100) ?? null,
    actor_user_id: actor.userId,
    actor_role: actor.role,
    actor_department_id: actor.departmentId,
    client_address: actor.clientAddress?.slice(0, 64) ?? null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    fields: entry.fields,
    outcome: entry.outcome,
    purpose: actor.purpose?.slice(0, 40) ?? null,
    basis: entry.basis.slice(0, 40),
    rule: entry.rule?.slice(0, 80) ?? null,
  }));
  await runSql(em, 'select append_access_log(?::jsonb, ?) as written', [JSON.stringify(rows), waitMs]);
}
