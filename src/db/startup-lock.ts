import { Client } from 'pg';

/** One key for every instance's start-up work on a database (migrations, the seed, the job queue's schema). */
const STARTUP_LOCK = 3706140100;

/**
 * Runs start-up work on a database while holding a session advisory lock, so instances started at the same
 * moment take turns: two migrators or two job-queue set-ups at once deadlock each other, and one of the
 * instances would fail to start.
 */
export async function underStartupLock<T>(url: string, connectTimeoutMs: number, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, keepAlive: true });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK]);
    return await work();
  } finally {
    // Ending the session releases the lock whatever happened to the work.
    await client.end().catch(() => undefined);
  }
}
