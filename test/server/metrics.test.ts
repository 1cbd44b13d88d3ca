import { Client } from 'pg';
import { ResidentsPageDocument, VerifyAccessLogDocument } from '../generated/graphql';
import { startTestApi, TestApi } from '../support/api';
import { freePort } from '../faults/process';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ AUDIT_WAIT_MS: '300' });
});
afterAll(() => api.close());

const originOf = (server: TestApi) => new URL(server.url).origin;

/** The value of one series in Prometheus's text format (the sum when several label sets match). */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const values = text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => wanted.every((label) => line.includes(label)))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
  return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
}

async function withAccessLogLocked<T>(work: () => Promise<T>): Promise<T> {
  const locker = new Client({ connectionString: api.databaseUrl });
  await locker.connect();
  try {
    await locker.query('begin');
    await locker.query('lock table access_log in access exclusive mode');
    return await work();
  } finally {
    await locker.query('rollback');
    await locker.end();
  }
}

it('exposes requests by operation, errors by code, refusals, access-log appends, the pool and the process', async () => {
  const worker = await api.tokenFor('worker.demo');
  for (let i = 0; i < 2; i++) {
    expect((await api.request(ResidentsPageDocument, { first: 2 }, { token: worker })).data).toBeTruthy();
  }
  const day = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() };
  const refused = await api.request(VerifyAccessLogDocument, day, { token: worker });
  expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const failures = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const unlogged = await withAccessLogLocked(() => api.request(ResidentsPageDocument, { first: 2 }, { token: worker }));
  failures.mockRestore();
  expect(unlogged.errors?.map((e) => e.extensions?.code)).toEqual(['AUDIT_UNAVAILABLE']);
  expect((await api.raw({ query: '{ me { id } }' }, { token: 'not-a-token' })).status).toBe(401);

  const response = await fetch(`${originOf(api)}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await response.text();
  const count = (labels: Record<string, string>) =>
    valueOf(text, 'grid_graphql_request_duration_seconds_count', labels);
  expect(count({ operation: 'ResidentsPage' })).toBe(3);
  expect(count({ operation: 'VerifyAccessLog' })).toBe(1);
  expect(valueOf(text, 'grid_graphql_errors_total', { code: 'FORBIDDEN' })).toBe(1);
  expect(valueOf(text, 'grid_graphql_errors_total', { code: 'AUDIT_UNAVAILABLE' })).toBe(1);
  expect(valueOf(text, 'grid_graphql_errors_total', { code: 'HTTP_401' })).toBe(1);
  expect(valueOf(text, 'grid_policy_refusals_total', { code: 'FORBIDDEN' })).toBe(1);
  // Two logged reads and the refusal's DENIED entry were committed; the read under the lock was not.
  expect(valueOf(text, 'grid_access_log_append_duration_seconds_count')).toBe(4);
  expect(valueOf(text, 'grid_access_log_append_failures_total')).toBe(1);
  for (const state of ['used', 'free', 'pending']) {
    expect(valueOf(text, 'grid_db_pool_connections', { state })).toBeGreaterThanOrEqual(0);
  }
  expect(valueOf(text, 'grid_db_pool_connections', { state: 'free' })).toBeGreaterThan(0);
  expect(valueOf(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  expect(valueOf(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
});

describe('in production', () => {
  const production = { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40) };

  it('the API port serves no metrics without METRICS_TOKEN, and asks for the token with one', async () => {
    const open = await startTestApi(production, { shareDatabaseOf: api });
    const guarded = await startTestApi({ ...production, METRICS_TOKEN: 'm'.repeat(24) }, { shareDatabaseOf: api });
    try {
      expect((await fetch(`${originOf(open)}/metrics`)).status).toBe(404);
      expect((await fetch(`${originOf(guarded)}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${originOf(guarded)}/metrics`, { headers: { authorization: 'Bearer wrong' } });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${originOf(guarded)}/metrics`, {
        headers: { authorization: `Bearer ${'m'.repeat(24)}` },
      });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('grid_graphql_request_duration_seconds');
    } finally {
      await Promise.all([open.close(), guarded.close()]);
    }
  });

  it('METRICS_PORT serves them on a listener of their own at METRICS_HOST, not on the API port', async () => {
    const port = await freePort();
    const separate = await startTestApi({ ...production, METRICS_PORT: String(port) }, { shareDatabaseOf: api });
    try {
      expect((await fetch(`${originOf(separate)}/metrics`)).status).toBe(404);
      const own = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(own.status).toBe(200);
      expect(await own.text()).toContain('grid_access_log_append_failures_total');
    } finally {
      await separate.close();
    }
  });
});
