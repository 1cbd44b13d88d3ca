import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from './embedded';
import { openOrm } from './orm';

const migrationsDir = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../migrations' : '../../migrations');

/** Rewrites migrations/index.ts so the list always holds every migration file, in name order. */
export function writeMigrationIndex(): void {
  const names = fs
    .readdirSync(migrationsDir)
    .filter((file) => /^Migration\d+.*\.ts$/.test(file))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
  const imports = names.map((name) => `import { ${name} } from './${name}';`).join('\n');
  const entries = names.map((name) => `  { name: '${name}', class: ${name} },`).join('\n');
  const text = `import type { MigrationObject } from '@mikro-orm/core';\n${imports}\n\n/** Every migration in order. \`npm run db:migration\` appends new ones here. */\nexport const migrationsList: MigrationObject[] = [\n${entries}\n];\n`;
  fs.writeFileSync(path.join(migrationsDir, 'index.ts'), text);
}

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
