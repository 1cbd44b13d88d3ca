import type { RequestContext } from '../request-context';
import { AccessAction, AccessOutcome } from '../../audit/access-log.enums';

/**
 * The review queries answer with their own types (counts, flags, a resident's view) rather than AccessLog
 * objects, so the field guard never sees the entries they read. Reading the log is still a read of the
 * log (contract §8): it is noted here the way the guard notes it, one entry per entry read, or one entry
 * without an id for an aggregate over many. It is committed with the response like every other read.
 */
export function noteLogRead(ctx: RequestContext, entries: ({ id: number | string } | null)[], fields: string[]): void {
  for (const entry of entries) {
    const id = entry ? Number(entry.id) : null;
    for (const field of fields) {
      ctx.audit.read(AccessAction.SEARCH, 'AccessLog', id, field, AccessOutcome.FULL, () =>
        ctx.policy.explainRow('AccessLog', entry ?? {}),
      );
    }
  }
}
