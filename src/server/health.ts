import type http from 'node:http';
import { Pool } from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config/config';

export interface Health {
  /**
   * The server's request listener: health paths are answered here, before express and every middleware
   * (security headers, body parsing, rate limits, load shedding, GraphQL); all else goes to `app`.
   */
  listener(app: http.RequestListener): http.RequestListener;
  /** Readiness answers 503 from now on: the process is draining and load balancers should stop sending. */
  markShuttingDown(): void;
  close(): Promise<void>;
}

/** What readiness proves in one statement: the database answers, is writable, and the log can be appended. */
const READY_SQL = `select current_setting('transaction_read_only') = 'off' and not pg_is_in_recovery()
    and has_function_privilege('append_access_log(jsonb, integer)', 'execute')
    and has_table_privilege('access_log', 'insert') as writable`;

/**
 * /health/live: the process answers (no database involved). /health/ready (and /health): the database
 * answers within HEALTH_TIMEOUT_MS, the access log is writable, and the process is not shutting down.
 * The probe has its own connection, so it never queues behind requests holding the ORM's pool.
 */
export function createHealth(orm: MikroORM, config: Config): Health {
  let shuttingDown = false;
  const timeout = config.HEALTH_TIMEOUT_MS;
  const probe = new Pool({
    connectionString: orm.config.get('clientUrl'),
    max: 1,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: timeout,
    query_timeout: timeout,
    statement_timeout: timeout,
  });
  // An idle probe connection dropped by the server must not crash the process.
  probe.on('error', () => undefined);

  const ready = async (res: http.ServerResponse) => {
    if (shuttingDown) return answer(res, 503, { status: 'shutting down' });
    const problem = await check(probe, timeout);
    answer(res, problem ? 503 : 200, problem ? { status: 'unavailable', problem } : { status: 'ok' });
  };
  return {
    listener: (app) => (req, res) => {
      const path = req.url?.split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') return app(req, res);
      if (path === '/health/live') return answer(res, 200, { status: 'ok' });
      if (path === '/health/ready' || path === '/health') return void ready(res);
      app(req, res);
    },
    markShuttingDown: () => void (shuttingDown = true),
    close: () => probe.end(),
  };
}

function answer(res: http.ServerResponse, status: number, body: object): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(JSON.stringify(body));
}

/** Half the probe's time: the server's lock timeout fires first, so the answer names the lock. */
const lockWaitOf = (timeout: number) => Math.max(1, Math.floor(timeout / 2));

async function check(probe: Pool, timeout: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the database did not answer within ${timeout} ms`), timeout);
  });
  const answer = probeOnce(probe, timeout).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (typeof error === 'object' && error && 'code' in error && error.code === '55P03')
      return `the access log is not writable: its table stays locked past ${lockWaitOf(timeout)} ms`;
    return `the database is unreachable: ${message}`;
  });
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Takes the lock an append takes (ROW EXCLUSIVE on the log table) in a transaction that is rolled back: a
 * table locked by a migration, a dump or a stuck maintenance job makes every request fail closed, so it is
 * an unready server. The lock wait is bounded by the probe's timeout, server side.
 */
async function probeOnce(probe: Pool, timeout: number): Promise<string | null> {
  const client = await probe.connect();
  let broken = true;
  try {
    await client.query('begin');
    await client.query(`set local lock_timeout = ${lockWaitOf(timeout)}`);
    const result = await client.query<{ writable: boolean }>(READY_SQL);
    if (!result.rows[0]?.writable) {
      broken = false;
      return 'the access log is not writable';
    }
    await client.query('lock table access_log in row exclusive mode');
    broken = false;
    return null;
  } finally {
    // A connection whose statement failed or timed out is dropped rather than reused mid-transaction.
    if (broken) client.release(true);
    else
      await client.query('rollback').then(
        () => client.release(),
        (error: Error) => client.release(error),
      );
  }
}
