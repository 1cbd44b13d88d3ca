import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config/config';
import { isSeeded, seedDatabase } from '../../seeds/seed';
import { startEmbeddedPostgres } from '../db/embedded';
import { outageOf, reasonOf } from '../db/outage';
import { underStartupLock } from '../db/startup-lock';
import { migrate, openOrm } from './orm';

export interface Database {
  orm: MikroORM;
  url: string;
  close(): Promise<void>;
}

/** A start-up failure worded for the operator: what failed and which setting to look at. */
export class StartupError extends Error {}

/**
 * Opens the configured database (or starts the embedded one), applies pending migrations and, on an
 * empty database, loads the configured seed. Each wait is bounded by the DB_* timeouts, so a frozen or
 * unreachable server fails start-up with its cause instead of hanging.
 */
export async function startDatabase(config: Config, log: (line: string) => void): Promise<Database> {
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT });
  const url = config.DATABASE_URL ?? embedded!.url;
  log(embedded ? `Embedded PostgreSQL running in ${config.EMBEDDED_PG_DIR}` : 'Using the database at DATABASE_URL');
  try {
    const orm = await openOrm(url, {}, config).catch((error: unknown) => {
      throw unreachable(error, config);
    });
    await underStartupLock(url, config.DB_CONNECT_TIMEOUT_MS, async () => {
      await migrate(orm).catch(async (error: unknown) => {
        await orm.close().catch(() => undefined);
        throw unreachable(error, config, 'applying migrations');
      });
      await seedIfEmpty(url, config, log).catch(async (error: unknown) => {
        await orm.close().catch(() => undefined);
        throw unreachable(error, config, 'seeding');
      });
    });
    return {
      orm,
      url,
      close: async () => {
        await orm.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/**
 * The seed's own connections are bounded too: the emptiness check like any statement, the load (long COPY
 * statements on a large scale) by the connect timeout only.
 */
async function seedIfEmpty(url: string, config: Config, log: (line: string) => void): Promise<void> {
  if (config.SEED_SCALE === 'none') return;
  const connect = { connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS, keepAlive: true };
  const check = {
    ...connect,
    statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
    query_timeout: config.DB_STATEMENT_TIMEOUT_MS + 2000,
  };
  if (await isSeeded(url, check)) return;
  log(`Empty database: loading the ${config.SEED_SCALE} seed`);
  const summary = await seedDatabase(url, config.SEED_SCALE, { connection: connect });
  log(`Seeded in ${summary.seconds.toFixed(1)} s`);
}

function unreachable(error: unknown, config: Config, step = 'connecting'): Error {
  const where = config.DATABASE_URL ? 'the database at DATABASE_URL' : 'the embedded PostgreSQL';
  const outage = outageOf(error);
  // The pool's own words ("the pool is probably full") mislead here: at start-up nothing else holds it.
  const cause =
    outage?.kind === 'connection pool exhausted'
      ? 'no connection could be opened in time: the server accepts but does not answer'
      : reasonOf(error);
  return new StartupError(
    `Cannot use ${where} (${step}, within DB_CONNECT_TIMEOUT_MS=${config.DB_CONNECT_TIMEOUT_MS} / DB_STATEMENT_TIMEOUT_MS=${config.DB_STATEMENT_TIMEOUT_MS}): ${cause}`,
  );
}
