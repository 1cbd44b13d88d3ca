import 'reflect-metadata';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { openOrm } from '../../src/server/orm';
import { seedDatabase } from '../../seeds/seed';
import { databaseUrl, TEMPLATE_DATABASE, withAdmin } from './test-database';

/**
 * Once per test run: a PostgreSQL server (embedded unless DATABASE_URL names one) and a template
 * database, migrated and seeded with the demo data, that each test file copies.
 */
export default async function globalSetup(): Promise<void> {
  const external = process.env.DATABASE_URL;
  let admin: string;
  if (external) {
    admin = databaseUrl('postgres', external);
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-test-pg-'));
    const embedded = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      database: 'postgres',
      durable: false,
    });
    admin = embedded.url;
    (globalThis as Record<string, unknown>).__testDatabase = { stop: embedded.stop, dataDir };
  }
  process.env.TEST_ADMIN_DATABASE_URL = admin;
  await withAdmin(async (client) => {
    await client.query(`drop database if exists "${TEMPLATE_DATABASE}" with (force)`);
    await client.query(`create database "${TEMPLATE_DATABASE}"`);
  });
  const templateUrl = databaseUrl(TEMPLATE_DATABASE, admin);
  const orm = await openOrm(templateUrl, { debug: false });
  await orm.getMigrator().up();
  await orm.close();
  forgetOrmMetadata();
  await seedDatabase(templateUrl, 'demo');
}

/**
 * The ORM keeps entity metadata on globalThis; a single test file runs in this same process, and must
 * discover its entities afresh in its own module registry.
 */
function forgetOrmMetadata(): void {
  const global = globalThis as Record<string, unknown>;
  for (const key of Object.keys(global)) if (key.startsWith('mikro-orm-')) delete global[key];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
