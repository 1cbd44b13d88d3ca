import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { openOrm } from '../../src/server/orm';
import { seedDatabase } from '../../seeds/seed';
import { seedAccessLog } from '../../seeds/access-log';
import { settle } from './database';

/**
 * A seeded database kept in a folder between short targeted runs (profile.ts, compare-w1.ts): seeded on first
 * use, migrated on later ones. PROFILE_DIR (default: a folder in the OS temp dir) holds it; PROFILE_PORT moves
 * its PostgreSQL off 54399; PROFILE_RESIDENTS sets the size of a new database (45,000 by default).
 */
export async function openKeptDatabase(): Promise<{ dir: string; url: string; stop(): Promise<void> }> {
  const dir = process.env.PROFILE_DIR ?? path.join(os.tmpdir(), 'grid-bench-profile');
  const dataDir = path.join(dir, 'pg');
  const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const pg = await startEmbeddedPostgres({
    dataDir,
    port: Number(process.env.PROFILE_PORT ?? 54399),
    database: 'postgres',
    durable: false,
  });
  try {
    if (fresh) await seed(pg.url);
    else if (await migrate(pg.url)) await settle(pg.url);
  } catch (error) {
    await pg.stop();
    throw error;
  }
  return { dir, url: pg.url, stop: () => pg.stop() };
}

/** A database kept from an earlier run gets the migrations added since, then fresh statistics. */
async function migrate(url: string): Promise<boolean> {
  const orm = await openOrm(url, { debug: false });
  try {
    const applied = await orm.getMigrator().up();
    return applied.length > 0;
  } finally {
    await orm.close();
  }
}

async function seed(url: string): Promise<void> {
  await migrate(url);
  // PROFILE_RESIDENTS=450000 for the district's size (a new PROFILE_DIR; the log gets 11 entries per resident).
  const residents = Number(process.env.PROFILE_RESIDENTS ?? 45_000);
  await seedDatabase(url, { residents });
  await seedAccessLog(url, Math.round(residents * 11.1));
  await settle(url);
}
