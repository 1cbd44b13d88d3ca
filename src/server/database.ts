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

/**
 * Opens the configured database (or starts the embedded one), applies pending migrations and, on an
 * empty database, loads the configured seed.
 */
export async function startDatabase(config: Config, log: (line: string) => void): Promise<Database> {
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT });
  const url = config.DATABASE_URL ?? embedded!.url;
  log(embedded ? `Embedded PostgreSQL running in ${config.EMBEDDED_PG_DIR}` : 'Using the database at DATABASE_URL');
  try {
    const orm = await openOrm(url);
    await migrate(orm);
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
