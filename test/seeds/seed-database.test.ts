import { Client } from 'pg';
import { openOrm } from '../../src/server/orm';
import { isSeeded, seedDatabase } from '../../seeds/seed';

/**
 * Loads the demo into a fresh database and checks the invariants the API relies on. Needs a PostgreSQL
 * server where it may create databases: the test suite's own (TEST_ADMIN_DATABASE_URL, set by the global
 * setup) or SEED_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres; skipped without either.
 */
const serverUrl = process.env.SEED_TEST_DATABASE_URL ?? process.env.TEST_ADMIN_DATABASE_URL;
const describeWithDatabase = serverUrl ? describe : describe.skip;

describeWithDatabase('seedDatabase', () => {
  const name = `seed_test_${process.pid}`;
  let databaseUrl = '';
  let admin: Client;
  let db: Client;
  const one = async (sql: string) => Number(Object.values((await db.query(sql)).rows[0])[0]);

  beforeAll(async () => {
    admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl as string);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    const orm = await openOrm(databaseUrl, { debug: false });
    await orm.getMigrator().up();
    await orm.close();
    expect(await isSeeded(databaseUrl)).toBe(false);
    const summary = await seedDatabase(databaseUrl, 'demo');
    expect(summary.counts.resident).toBe(5_000);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await admin?.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin?.end();
  });

  it('reports itself seeded and refuses a second load', async () => {
    expect(await isSeeded(databaseUrl)).toBe(true);
    await expect(seedDatabase(databaseUrl, 'demo')).rejects.toThrow(/already seeded/);
  });

  it('moves every sequence past the seeded ids', async () => {
    const next = await db.query(`INSERT INTO department (code, name) VALUES ('TEST', '测试') RETURNING id`);
    expect(next.rows[0].id).toBe(9);
    await db.query(`DELETE FROM department WHERE code = 'TEST'`);
  });

  it('wires the demo logins as contract §11 says', async () => {
    const users = await db.query(
      `SELECT username, role, worker_id, scope_grid_id, resident_id, department_id FROM app_user ORDER BY id`,
    );
    expect(users.rows.map((u) => u.username)).toEqual([
      'worker.demo',
      'leader.demo',
      'street.demo',
      'center.demo',
      'admin.demo',
      'dept.demo',
      'privacy.demo',
      'resident.demo',
    ]);
    const grid = await db.query(`SELECT a.grid_id FROM grid_assignment a JOIN app_user u ON u.worker_id = a.worker_id
      WHERE u.username = 'worker.demo' AND a.role = 'GRID_WORKER'`);
    expect(grid.rows).toHaveLength(1);
    const g = grid.rows[0].grid_id;
    expect(await one(`SELECT count(*) FROM resident WHERE grid_id = ${g}`)).toBeGreaterThanOrEqual(80);
    expect(
      await one(
        `SELECT count(*) FROM app_user u JOIN resident r ON r.id = u.resident_id WHERE u.username = 'resident.demo' AND r.grid_id = ${g}`,
      ),
    ).toBe(1);
    expect(
      await one(`SELECT count(*) FROM app_user u JOIN grid c ON c.id = u.scope_grid_id JOIN grid l3 ON l3.parent_id = c.id
      JOIN grid_assignment a ON a.worker_id = u.worker_id AND a.grid_id = c.id AND a.role = 'GRID_LEADER'
      WHERE u.username = 'leader.demo' AND l3.id = ${g}`),
    ).toBe(1);
    expect(
      await one(
        `SELECT count(*) FROM app_user u JOIN grid s ON s.id = u.scope_grid_id WHERE u.username = 'street.demo' AND s.name = '登州街道'`,
      ),
    ).toBe(1);
  });

  it('delegates the other street’s elderly living alone to civil affairs, active now', async () => {
    expect(
      await one(`SELECT count(*) FROM delegation d JOIN grid g ON g.id = d.grid_id JOIN department p ON p.id = d.department_id
      WHERE g.name = '紫荆山街道' AND p.code = 'CIVIL_AFFAIRS' AND d.purpose_code = 'WELFARE_CHECK' AND now() BETWEEN d.valid_from AND d.valid_until`),
    ).toBe(1);
    expect(
      await one(`SELECT count(*) FROM resident_category rc JOIN special_category c ON c.id = rc.category_id JOIN resident r ON r.id = rc.resident_id
      WHERE c.code = 'ELDERLY_ALONE' AND r.grid_path LIKE '/1/3/%'`),
    ).toBeGreaterThanOrEqual(20);
  });

  it('keeps residents, paths, ID numbers and categories consistent', async () => {
    expect(
      await one(`SELECT count(*) FROM resident r JOIN grid g ON g.id = r.grid_id WHERE g.path <> r.grid_path`),
    ).toBe(0);
    expect(
      await one(`SELECT count(*) FROM resident r WHERE EXISTS (SELECT 1 FROM grid c WHERE c.parent_id = r.grid_id)`),
    ).toBe(0);
    expect(
      await one(`SELECT count(*) FROM resident WHERE (substr(id_number, 17, 1)::int % 2 = 1) <> (gender = 'MALE')`),
    ).toBe(0);
    expect(
      await one(`SELECT count(*) FROM resident WHERE substr(id_number, 7, 8) <> to_char(birth_date, 'YYYYMMDD')`),
    ).toBe(0);
    expect(
      await one(`SELECT count(*) FROM resident_category rc JOIN resident r ON r.id = rc.resident_id
      WHERE (rc.category_id = 1 AND r.birth_date > current_date - interval '70 years') OR (rc.category_id = 2 AND r.birth_date <= current_date - interval '16 years')
         OR rc.since < r.birth_date`),
    ).toBe(0);
  });

  it('gives every case a timeline that chains from REPORTED to its status', async () => {
    expect(
      await one(`SELECT count(*) FROM (SELECT from_status, lag(to_status) OVER (PARTITION BY case_id ORDER BY id) AS prev FROM case_event) e
      WHERE e.from_status IS DISTINCT FROM e.prev`),
    ).toBe(0);
    expect(
      await one(`SELECT count(*) FROM cases c JOIN LATERAL (SELECT to_status FROM case_event e WHERE e.case_id = c.id ORDER BY id DESC LIMIT 1) l ON true
      WHERE l.to_status <> c.status`),
    ).toBe(0);
    expect(
      await one(
        `SELECT count(*) FROM case_involved_resident i JOIN cases c ON c.id = i.case_id JOIN resident r ON r.id = i.resident_id WHERE r.grid_id <> c.grid_id`,
      ),
    ).toBe(0);
    expect(await one(`SELECT count(DISTINCT status) FROM cases`)).toBe(10);
    expect(await one(`SELECT count(DISTINCT source) FROM cases`)).toBe(6);
    expect(await one(`SELECT count(*) FROM access_log`)).toBe(0);
  });
});
