import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { DEMO_PASSWORD, startTestApi, TestApi } from '../support/api';
import { attemptLogin, codeOf, expectRateLimited } from '../support/rate-limits';
import { freePort, ServerProcess, startProcess, waitForOutput } from './process';

/**
 * Two server processes, as two instances behind a load balancer are: the login counters they share through
 * Redis lock an account whichever process the guesses reach. (Redis runs beside the database in CI.)
 */
const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = `test-processes-${randomUUID()}`;
let inProcess: TestApi;
let other: ServerProcess;
let otherApi: TestApi;

beforeAll(async () => {
  const env = { REDIS_URL, REDIS_KEY_PREFIX: PREFIX };
  inProcess = await startTestApi(env);
  const port = String(await freePort());
  other = startProcess({ ...env, PORT: port, DATABASE_URL: inProcess.databaseUrl });
  await waitForOutput(other, /ready at/);
  otherApi = { url: `${other.url}/graphql` } as TestApi;
}, 90_000);

afterAll(async () => {
  if (other?.child.exitCode === null) {
    other.child.kill('SIGTERM');
    await other.exited;
  }
  await inProcess?.close();
  const client = new Redis(REDIS_URL);
  const keys = await client.keys(`${PREFIX}:*`);
  if (keys.length > 0) await client.del(...keys);
  await client.quit();
});

it('locks an account on both processes after failures spread over the two', async () => {
  for (let i = 0; i < 10; i++) {
    const answer = await attemptLogin(i % 2 ? otherApi : inProcess, 'worker.demo', `guess-${i}`);
    expect(codeOf(answer)).toBe('UNAUTHENTICATED');
  }
  expectRateLimited(await attemptLogin(otherApi, 'worker.demo', DEMO_PASSWORD), 15 * 60);
  expectRateLimited(await attemptLogin(inProcess, 'worker.demo', DEMO_PASSWORD), 15 * 60);
  // Another account is untouched: the lock is the username's, not the processes'.
  expect(codeOf(await attemptLogin(otherApi, 'leader.demo', DEMO_PASSWORD))).toBeNull();
});
