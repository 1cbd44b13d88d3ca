import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server every test file shares; set by the global setup (embedded, or the one DATABASE_URL names). */
export function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL;
  if (!url) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run the tests through jest so the global setup runs');
  return url;
}

export const TEMPLATE_DATABASE = 'grid_test_template';

export function databaseUrl(name: string, base = adminUrl()): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(work: (client: Client) => Promise<T>, base = adminUrl()): Promise<T> {
  const client = new Client({ connectionString: base });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database of its own for one test file, copied from the migrated and seeded template in a second. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `grid_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`create database "${name}" template "${TEMPLATE_DATABASE}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      withAdmin((client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}
