import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config/config';
import { isSeeded, seedDatabase } from '../../seeds/seed';
import { startEmbeddedPostgres } from '../db/embedded';
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
    await migrate(orm).catch(async (error: unknown) => {
      await orm.close().catch(() => undefined);
      throw unreachable(error, config, 'applying migrations');
    });
    if (config.SEED_SCALE !== 'none' && !(await isSeeded(url))) {
      log(`Empty database: loading the ${config.SEED_SCALE} seed`);
      const summary = await seedDatabase(url, config.SEED_SCALE);
      log(`Seeded in ${summary.seconds.toFixed(1)} s`);
    }
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

function unreachable(error: unknown, config: Config, step = 'connecting'): Error {
  const message = error instanceof Error ? error.message : String(error);
  const where = config.DATABASE_URL ? 'the database at DATABASE_URL' : 'the embedded PostgreSQL';
  return new StartupError(
    `Cannot use ${where} (${step}, within DB_CONNECT_TIMEOUT_MS=${config.DB_CONNECT_TIMEOUT_MS} / DB_STATEMENT_TIMEOUT_MS=${config.DB_STATEMENT_TIMEOUT_MS}): ${message}`,
  );
}
