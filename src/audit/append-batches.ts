import type { EntityManager } from '@mikro-orm/postgresql';
import { runPrepared } from '../db/prepared';
import { batchedPerPool } from '../db/batched-statement';

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
const appendTogether = batchedPerPool(async (appends: Append[]) => {
  const rows = appends.flatMap((append) => append.rows);
  const params = [JSON.stringify(rows), appends[0].waitMs];
  await runPrepared(
    appends[0].em,
    APPEND_SQL,
    params,
    appends.map((append) => append.em),
  );
  return appends.map(() => undefined);
});

/** Appends a request's rows, batched with those of the requests beside it; inside a transaction, with it. */
export async function appendInBatch(em: EntityManager, rows: object[], waitMs: number): Promise<void> {
  waitingRequests++;
  try {
    await appendTogether({ em, rows, waitMs });
  } finally {
    waitingRequests--;
  }
}
