import { Client } from 'pg';
import { ResidentContactPageDocument } from '../generated/graphql';
import { startTestApi, TestApi } from '../support/api';

const LOG_LOCK = 3706140002;
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ AUDIT_WAIT_MS: '2000' });
});
afterAll(() => api.close());

async function connect(): Promise<Client> {
  const client = new Client({ connectionString: api.databaseUrl });
  await client.connect();
  return client;
}

it('AUDIT_WAIT_MS bounds the whole append: the lock wait and the insert share one deadline', async () => {
  const token = await api.login('worker.demo');
  const [holder, locker] = [await connect(), await connect()];
  try {
    await holder.query('select pg_advisory_lock($1)', [LOG_LOCK]);
    await locker.query('begin');
    await locker.query('lock table access_log in access exclusive mode');
    const started = performance.now();
    const answer = api.request(ResidentContactPageDocument, { first: 5 }, { token });
    // The log's lock is freed just before the wait runs out; the table stays locked.
    await new Promise((resolve) => setTimeout(resolve, 1800));
    await holder.query('select pg_advisory_unlock($1)', [LOG_LOCK]);
    const response = await answer;
    const elapsed = performance.now() - started;
    expect(response.data).toBeNull();
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['AUDIT_UNAVAILABLE']);
    // Each wait on its own would take 1.8 s + 2 s; one deadline ends it shortly after 2 s.
    expect(elapsed).toBeLessThan(3000);
  } finally {
    await locker.query('rollback');
    await Promise.all([holder.end(), locker.end()]);
  }
});
