import { Client } from 'pg';
import { ResidentContactPageDocument } from '../generated/graphql';
import { startTestApi, TestApi } from '../support/api';

let api: TestApi;
let errorLines: string[];
beforeAll(async () => {
  // The default timeouts, except that the statement timeout of the second case is made short.
  api = await startTestApi({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) });
});
afterAll(() => api.close());
beforeEach(() => {
  errorLines = [];
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errorLines.push(args.join(' ')));
});
afterEach(() => jest.restoreAllMocks());

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
