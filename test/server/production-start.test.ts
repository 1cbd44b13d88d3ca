import { Client } from 'pg';
import { loadConfig } from '../../src/config/config';
import { startDatabase } from '../../src/server/database';
import { databaseUrl, withAdmin } from '../support/test-database';

/** A production start on an empty database migrates it and creates no account: demo logins never exist there. */
describe('production start on an empty database', () => {
  const name = `grid_test_empty_${process.pid}`;
  const url = databaseUrl(name);

  beforeAll(() => withAdmin((client) => client.query(`create database "${name}"`)));
  afterAll(() => withAdmin((client) => client.query(`drop database if exists "${name}" with (force)`)));

  it('migrates, seeds nothing and so has no demo account', async () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-forty-characters!',
      DATABASE_URL: url,
    });
    const lines: string[] = [];
    const database = await startDatabase(config, (line) => lines.push(line));
    await database.close();
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows: users } = await client.query('select username from app_user');
      const { rows: grids } = await client.query('select id from grid');
      const { rows: migrations } = await client.query('select name from schema_migration');
      expect(users).toEqual([]);
      expect(grids).toEqual([]);
      expect(migrations.length).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
    expect(lines.join('\n')).not.toMatch(/seed/i);
  });

  it('refuses to start with the demo seed asked for', () => {
    const settings = {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-forty-characters!',
      SEED_SCALE: 'demo',
    };
    expect(() => loadConfig({ ...settings, DATABASE_URL: url })).toThrow(/SEED_SCALE/);
  });
});
