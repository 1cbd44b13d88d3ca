import type { EntityManager } from '@mikro-orm/postgresql';
import { appendInBatch } from './append-batches';
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
 * Appends a request's entries in one statement (shared with the requests finishing beside it, see
 * ./append-batches.ts). The database function puts them at the end of one of the
 * log's hash chains, one no other writer holds, stamped and chained under that chain's lock only, so
 * concurrent writers (even several server processes) append side by side and every chain stays verifiable. `waitMs` bounds
 * the whole append, including the wait for a pooled connection: past it the request fails closed, even if
 * the statement commits later (an entry for a read that was not disclosed is harmless; the reverse is not).
 */
export async function appendAccessEntries(
  em: EntityManager,
  actor: RequestActor,
  entries: AccessEntry[],
  waitMs: number,
): Promise<void> {
  const rows = entries.map((entry) => ({
    request_id: actor.requestId,
    operation_name: actor.operationName?.slice(0, 100) ?? null,
    actor_user_id: actor.userId,
    actor_role: actor.role,
    actor_department_id: actor.departmentId,
    client_address: actor.clientAddress?.slice(0, 64) ?? null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    subject_ids: entry.subjectIds ?? null,
    fields: entry.fields,
    outcome: entry.outcome,
    purpose: actor.purpose?.slice(0, 40) ?? null,
    basis: entry.basis.slice(0, 40),
    rule: entry.rule?.slice(0, 80) ?? null,
  }));
  const append = appendInBatch(em, rows, waitMs);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the access log did not accept the entries within ${waitMs} ms`)),
      waitMs,
    );
  });
  try {
    await Promise.race([append, late]);
  } finally {
    clearTimeout(timer);
    append.catch(() => undefined);
  }
}
