import { Client } from 'pg';
import { createTokenService } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config/config';
import { MeDocument, ResidentContactPageDocument } from '../generated/graphql';
import { startTestApi, TestApi } from '../support/api';
import { sql } from '../support/sql';

const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };

let api: TestApi;
let errorLines: string[];
beforeAll(async () => {
  // The default timeouts, except that the statement timeout of the second case is made short.
  api = await startTestApi(PRODUCTION);
});
afterAll(() => api.close());
beforeEach(() => {
  errorLines = [];
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errorLines.push(args.join(' ')));
});
afterEach(() => jest.restoreAllMocks());

/** Production refuses the demo logins, so the worker's token is minted with the production secret. */
async function workerToken(): Promise<string> {
  const [row] = await sql<{ id: number }>(api, 'select id from app_user where username = $1', ['worker.demo']);
  return createTokenService(loadConfig(PRODUCTION)).sign(row.id);
}

async function withTableLocked<T>(table: string, work: () => Promise<T>): Promise<T> {
  const blocker = new Client({ connectionString: api.databaseUrl });
  await blocker.connect();
  try {
    await blocker.query('begin');
    await blocker.query(`lock table ${table} in access exclusive mode`);
    return await work();
  } finally {
    await blocker.query('rollback');
    await blocker.end();
  }
}

it('with the resident table locked, 30 blocked reads answer SERVICE_UNAVAILABLE and `me` within 1 s', async () => {
  const token = await workerToken();
  await withTableLocked('resident', async () => {
    const blocked = Array.from({ length: 30 }, () => api.request(ResidentContactPageDocument, { first: 5 }, { token }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const me = await api.request(MeDocument, {}, { token });
    expect(performance.now() - started).toBeLessThan(1000);
    // The caller's post is read with a join on resident, so `me` cannot read through the lock; it answers at once.
    if (!me.data?.me) expect(me.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const answers = await Promise.all(blocked);
    for (const answer of answers) {
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        retryAfter: expect.any(Number),
      });
    }
  });
  // One line for the whole outage, no stack traces.
  expect(errorLines.length).toBeGreaterThanOrEqual(1);
  expect(errorLines.length).toBeLessThanOrEqual(2);
  expect(errorLines.join('\n')).not.toMatch(/\n\s+at /);
});

it('a statement stuck past DB_STATEMENT_TIMEOUT_MS answers SERVICE_UNAVAILABLE', async () => {
  const short = await startTestApi(
    { DB_STATEMENT_TIMEOUT_MS: '300', DB_LOCK_TIMEOUT_MS: '60000' },
    { shareDatabaseOf: api },
  );
  try {
    const token = await short.login('worker.demo');
    const answer = await withTableLocked('resident', () =>
      short.request(ResidentContactPageDocument, { first: 5 }, { token }),
    );
    expect(answer.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(errorLines.join('\n')).toMatch(/statement timeout/);
  } finally {
    await short.close();
  }
});
