import { Client } from 'pg';
import { MeDocument } from '../generated/graphql';
import { startTestApi, TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ HEALTH_TIMEOUT_MS: '500' });
});
afterAll(() => api.close());

const origin = () => api.url.replace(/\/graphql$/, '');
async function probe(path: string): Promise<{ status: number; body: { status: string; problem?: string } }> {
  const response = await fetch(`${origin()}${path}`);
  return { status: response.status, body: (await response.json()) as { status: string; problem?: string } };
}

/** Refuses new connections to the test database and ends the open ones: an outage of this database only. */
async function outage<T>(work: () => Promise<T>): Promise<T> {
  const name = new URL(api.databaseUrl).pathname.slice(1);
  const admin = new Client({ connectionString: api.databaseUrl.replace(`/${name}`, '/postgres') });
  await admin.connect();
  try {
    await admin.query(`alter database "${name}" with allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
    return await work();
  } finally {
    await admin.query(`alter database "${name}" with allow_connections true`);
    await admin.end();
  }
}

it('answers live and ready while the database is up', async () => {
  expect(await probe('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
  expect(await probe('/health/ready')).toMatchObject({ status: 200, body: { status: 'ok' } });
});

it('stays live but not ready during an outage, answers SERVICE_UNAVAILABLE, and recovers', async () => {
  const token = await api.login('worker.demo');
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...args) => void errors.push(args.join(' ')));
  try {
    await outage(async () => {
      expect((await probe('/health/live')).status).toBe(200);
      const ready = await probe('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.problem).toMatch(/database/);
      const answers = await Promise.all(Array.from({ length: 10 }, () => api.request(MeDocument, {}, { token })));
      for (const answer of answers) expect(answer.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    });
  } finally {
    spy.mockRestore();
  }
  expect(errors.length).toBeLessThanOrEqual(2);
  expect(errors.join('\n')).not.toMatch(/\n\s+at /);
  expect((await probe('/health/ready')).status).toBe(200);
  expect((await api.request(MeDocument, {}, { token })).data?.me).toBeTruthy();
});

it('is not ready while the access-log table is locked, and ready again once it is released', async () => {
  const blocker = new Client({ connectionString: api.databaseUrl });
  await blocker.connect();
  try {
    await blocker.query('begin');
    await blocker.query('lock table access_log in access exclusive mode');
    const started = performance.now();
    const ready = await probe('/health/ready');
    const ms = performance.now() - started;
    console.log(
      `readiness with the access log locked: ${ready.status} in ${Math.round(ms)} ms (${ready.body.problem})`,
    );
    expect(ready.status).toBe(503);
    expect(ready.body.problem).toMatch(/access log is not writable/);
    // HEALTH_TIMEOUT_MS is 500 here; the rest is room for a loaded machine.
    expect(ms).toBeLessThan(3000);
    expect((await probe('/health/live')).status).toBe(200);
  } finally {
    await blocker.query('rollback');
    await blocker.end();
  }
  expect((await probe('/health/ready')).status).toBe(200);
});
