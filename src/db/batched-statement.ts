import type { EntityManager } from '@mikro-orm/postgresql';

interface Waiting<T, R> {
  item: T;
  since: number;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Past this, what waits behind a statement that has not come back goes in a statement of its own: a stalled
 * database (a lock, a freeze) then costs each request its own timeout, never the sum of several.
 */
const STALL_MS = 20;

/** Errors of one item's values (SQLSTATE classes 22 and 23), not of the database or the connection. */
function itemError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/**
 * One statement on its way at a time, for work that many requests need at once (their callers' principals,
 * their access-log entries): what is asked while one is on its way waits and goes together in the next, in
 * the order it came. Under load, several requests share one round trip; a request alone is sent at once.
 * Each caller gets its own item's result. A statement refused for its values is tried again item by item,
 * so one request's bad item costs no other request its answer.
 */
class BatchedStatement<T, R> {
  private senders = 0;
  private waiting: Waiting<T, R>[] = [];
  private stallTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (items: T[]) => Promise<R[]>,
    private readonly maxItems = 64,
  ) {}

  run(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, since: performance.now(), resolve, reject });
      if (this.senders === 0) void this.sendWaiting();
      else this.watchForStall();
    });
  }

  private watchForStall(): void {
    if (this.stallTimer || this.waiting.length === 0) return;
    const waited = performance.now() - this.waiting[0].since;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      const oldest = this.waiting[0];
      if (!oldest) return;
      if (performance.now() - oldest.since >= STALL_MS) void this.sendWaiting();
      else this.watchForStall();
    }, STALL_MS - waited);
    this.stallTimer.unref();
  }

  private async sendWaiting(): Promise<void> {
    this.senders++;
    while (this.waiting.length > 0) await this.sendBatch(this.waiting.splice(0, this.maxItems));
    this.senders--;
  }

  private async sendBatch(batch: Waiting<T, R>[]): Promise<void> {
    try {
      const results = await this.send(batch.map((waiting) => waiting.item));
      batch.forEach((waiting, index) => waiting.resolve(results[index]));
    } catch (error) {
      if (batch.length === 1 || !itemError(error)) return batch.forEach((waiting) => waiting.reject(error));
      await Promise.all(
        batch.map((waiting) => this.send([waiting.item]).then(([result]) => waiting.resolve(result), waiting.reject)),
      );
    }
  }
}

/**
 * `send` batched per database (per connection pool): requests of different pools never share a statement. An
 * item asked inside its EntityManager's transaction belongs to that transaction and is sent alone, at once.
 */
export function batchedPerPool<T extends { em: EntityManager }, R>(
  send: (items: T[]) => Promise<R[]>,
): (item: T) => Promise<R> {
  const byPool = new WeakMap<object, BatchedStatement<T, R>>();
  return (item) => {
    if (item.em.getTransactionContext()) return send([item]).then(([result]) => result);
    const pool = item.em.getConnection().getKnex().client as object;
    let batched = byPool.get(pool);
    if (!batched) byPool.set(pool, (batched = new BatchedStatement(send)));
    return batched.run(item);
  };
}
