import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded';
import { migrationsDir, writeMigrationIndex } from '../db/migration-index';
import { openOrm } from '../server/orm';

/**
 * Writes a migration for the difference between the entities and the migrations so far, computed
 * against a throw-away embedded database so no developer database is touched.
 */
async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-migration-'));
  const db = await startEmbeddedPostgres({ dataDir, port: 54390, durable: false });
  const orm = await openOrm(db.url, { debug: false });
  try {
    await orm.getMigrator().up();
    const result = await orm.getMigrator().createMigration(migrationsDir, false, process.argv.includes('--initial'));
    writeMigrationIndex();
    console.log(result.fileName ? `wrote migrations/${result.fileName}` : 'schema is up to date: no migration written');
  } finally {
    await orm.close();
    await db.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
