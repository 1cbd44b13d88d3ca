import type { EntityManager } from '@mikro-orm/postgresql';
import { runPrepared } from '../db/prepared';

const APPEND_SQL = 'select append_access_log(?::jsonb, ?) as written';
/** Requests whose entries one statement may carry; more wait for the next one. */
const MAX_REQUESTS = 64;

/** Requests of this process waiting for their entries' commit (queued or in the statement on its way). */
let waitingRequests = 0;

export function appendsWaiting(): number {
  return waitingRequests;
}

interface Waiting {
  em: EntityManager;
  rows: object[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit of the access log: while one append is on its way, the requests that finish in the meantime
 * queue, and their entries go together in the next statement, in the order they came. Each request still
 * waits for the commit that holds its own entries before its answer leaves; a statement that fails fails
 * closed for every request in it. Under load, several requests share one round trip, one lock and one commit;
 * a request alone is sent at once, as before.
 */
class AppendQueue {
  private sending = false;
  private waiting: Waiting[] = [];

  append(em: EntityManager, rows: object[], waitMs: number): Promise<void> {
    waitingRequests++;
    const committed = new Promise<void>((resolve, reject) => {
      this.waiting.push({ em, rows, resolve, reject });
      if (!this.sending) void this.sendNext(waitMs);
    });
    return committed.finally(() => waitingRequests--);
  }

  private async sendNext(waitMs: number): Promise<void> {
    this.sending = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_REQUESTS);
      await sendBatch(batch, waitMs);
    }
    this.sending = false;
  }
}

async function sendBatch(batch: Waiting[], waitMs: number): Promise<void> {
  try {
    await appendRows(batch, waitMs);
    for (const request of batch) request.resolve();
  } catch (error) {
    if (batch.length === 1) return batch[0].reject(error);
    // One request's entries must not cost the others their answer: each is tried again on its own.
    await Promise.all(batch.map((request) => appendRows([request], waitMs).then(request.resolve, request.reject)));
  }
}

async function appendRows(batch: Waiting[], waitMs: number): Promise<void> {
  const rows = batch.length === 1 ? batch[0].rows : batch.flatMap((request) => request.rows);
  const counted = batch.map((request) => request.em);
  await runPrepared(batch[0].em, APPEND_SQL, [JSON.stringify(rows), waitMs], counted);
}

/** One queue per database: requests of different pools never share a statement. */
const queues = new WeakMap<object, AppendQueue>();

/**
 * Appends a request's rows through its database's queue. Inside a transaction they are the transaction's
 * own and go with it.
 */
export function appendInBatch(em: EntityManager, rows: object[], waitMs: number): Promise<void> {
  if (em.getTransactionContext())
    return runPrepared(em, APPEND_SQL, [JSON.stringify(rows), waitMs]).then(() => undefined);
  const pool = em.getConnection().getKnex().client as object;
  let queue = queues.get(pool);
  if (!queue) queues.set(pool, (queue = new AppendQueue()));
  return queue.append(em, rows, waitMs);
}
