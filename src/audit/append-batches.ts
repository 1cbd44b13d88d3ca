import type { EntityManager } from '@mikro-orm/postgresql';
import { runPrepared } from '../db/prepared';
import { BatchedStatement, batchedPerPool } from '../db/batched-statement';

const APPEND_SQL = 'select append_access_log(?::jsonb, ?) as written';

/** Requests of this process waiting for their entries' commit (queued or in the statement on its way). */
let waitingRequests = 0;

export function appendsWaiting(): number {
  return waitingRequests;
}

interface Append {
  em: EntityManager;
  rows: object[];
  waitMs: number;
}

/**
 * Group commit of the access log: the requests that finish while an append is on its way go together in the
 * next statement, one round trip, one chain lock and one commit for all of them, in the order they came.
 * Each still waits for the commit that holds its own entries before its answer leaves, and a statement that
 * fails fails closed for every request whose entries it held.
 */
const appendsOf = batchedPerPool(
  () =>
    new BatchedStatement<Append, void>(async (appends) => {
      const rows = appends.length === 1 ? appends[0].rows : appends.flatMap((append) => append.rows);
      const params = [JSON.stringify(rows), appends[0].waitMs];
      await runPrepared(
        appends[0].em,
        APPEND_SQL,
        params,
        appends.map((append) => append.em),
      );
      return appends.map(() => undefined);
    }),
);

/** Appends a request's rows, batched with those of the requests beside it; inside a transaction, with it. */
export async function appendInBatch(em: EntityManager, rows: object[], waitMs: number): Promise<void> {
  if (em.getTransactionContext()) {
    await runPrepared(em, APPEND_SQL, [JSON.stringify(rows), waitMs]);
    return;
  }
  waitingRequests++;
  try {
    await appendsOf(em).run({ em, rows, waitMs });
  } finally {
    waitingRequests--;
  }
}
