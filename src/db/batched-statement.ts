import type { EntityManager } from '@mikro-orm/postgresql';

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * One statement on its way at a time, for work that many requests need at once (their callers' principals,
 * their access-log entries): what is asked while one is on its way waits and goes together in the next, in
 * the order it came. Under load, several requests share one round trip; a request alone is sent at once.
 * Each caller gets its own item's result. A statement that fails is tried again item by item, so one
 * request's bad item costs no other request its answer.
 */
export class BatchedStatement<T, R> {
  private sending = false;
  private waiting: Waiting<T, R>[] = [];

  constructor(
    private readonly send: (items: T[]) => Promise<R[]>,
    private readonly maxItems = 64,
  ) {}

  run(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.sending) void this.sendWaiting();
    });
  }

  private async sendWaiting(): Promise<void> {
    this.sending = true;
    while (this.waiting.length > 0) await this.sendBatch(this.waiting.splice(0, this.maxItems));
    this.sending = false;
  }

  private async sendBatch(batch: Waiting<T, R>[]): Promise<void> {
    try {
      const results = await this.send(batch.map((waiting) => waiting.item));
      batch.forEach((waiting, index) => waiting.resolve(results[index]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      await Promise.all(
        batch.map((waiting) => this.send([waiting.item]).then(([result]) => waiting.resolve(result), waiting.reject)),
      );
    }
  }
}

/**
 * One batched statement per database (per connection pool): requests of different pools never share one.
 * `make` builds it the first time a pool asks.
 */
export function batchedPerPool<T, R>(
  make: () => BatchedStatement<T, R>,
): (em: EntityManager) => BatchedStatement<T, R> {
  const byPool = new WeakMap<object, BatchedStatement<T, R>>();
  return (em) => {
    const pool = em.getConnection().getKnex().client as object;
    let batched = byPool.get(pool);
    if (!batched) byPool.set(pool, (batched = make()));
    return batched;
  };
}
