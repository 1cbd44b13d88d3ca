import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { DEMO_PASSWORD, startTestApi, TestApi } from '../support/api';
import { attemptLogin, codeOf, expectRateLimited, post } from '../support/rate-limits';

/** CI and the development machine run Redis here; the counters of this run live under their own prefix. */
const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = `test-${randomUUID()}`;

/** Asked once, before the tests are declared, so that without Redis they are reported as skipped. */
function redisAnswers(): boolean {
  const probe = `const s=require('net').connect(6379,'127.0.0.1',()=>s.write('PING\\r\\n'));
    s.setTimeout(1000,()=>process.exit(1));s.on('error',()=>process.exit(1));
    s.on('data',(d)=>process.exit(String(d).startsWith('+PONG')?0:1));`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 3000 }).status === 0;
}

const available = redisAnswers();
if (!available) console.warn(`Skipping the shared rate limit tests: no Redis answers at ${REDIS_URL}`);
const describeWithRedis = available ? describe : describe.skip;

describeWithRedis('rate limits shared through Redis by two server instances', () => {
  let a: TestApi;
  let b: TestApi;
  beforeAll(async () => {
    const env = { REDIS_URL, REDIS_KEY_PREFIX: PREFIX, RATE_LIMIT_USER_POINTS: '1000' };
    a = await startTestApi(env);
    b = await startTestApi(env, { shareDatabaseOf: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    const client = new Redis(REDIS_URL);
    const keys = await client.keys(`${PREFIX}:*`);
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  });

  it('counts login failures together: 100 wrong passwords across both lock the account on both', async () => {
    const answers = [];
    for (let i = 0; i < 100; i++) answers.push(await attemptLogin(i % 2 ? b : a, 'worker.demo', `guess-${i}`));
    expect(answers.slice(0, 10).map(codeOf)).toEqual(Array(10).fill('UNAUTHENTICATED'));
    for (const answer of answers.slice(10)) expectRateLimited(answer, 15 * 60);
    expectRateLimited(await attemptLogin(a, 'worker.demo', DEMO_PASSWORD), 15 * 60);
    expectRateLimited(await attemptLogin(b, 'worker.demo', DEMO_PASSWORD), 15 * 60);

    const client = new Redis(REDIS_URL);
    const keys = await client.keys(`${PREFIX}:*`).finally(() => client.quit());
    expect(keys.some((key) => key.startsWith(`${PREFIX}:login-user:`))).toBe(true);
    // Usernames are not stored, only their hashes.
    expect(keys.some((key) => key.includes('demo'))).toBe(false);
  });

  it('locks on B a login that failed on A', async () => {
    for (let i = 0; i < 10; i++) expect(codeOf(await attemptLogin(a, 'leader.demo', 'wrong'))).toBe('UNAUTHENTICATED');
    expectRateLimited(await attemptLogin(b, 'leader.demo', DEMO_PASSWORD), 15 * 60);
  });

  it('spends one user’s operation points on both instances', async () => {
    const token = await a.login('admin.demo');
    const me = { query: '{ me { id } }' };
    // 1,000 points: ten small requests of 100, whichever instance answers them.
    for (let i = 0; i < 10; i++) expect(codeOf(await post(i % 2 ? b : a, me, token))).toBeNull();
    expectRateLimited(await post(a, me, token), 60);
    expectRateLimited(await post(b, me, token), 60);
  });
});

describe('rate limits when Redis does not answer', () => {
  it('starts and keeps counting in the process', async () => {
    const api = await startTestApi({ REDIS_URL: 'redis://127.0.0.1:1', LOGIN_MAX_FAILURES: '2' });
    try {
      for (let i = 0; i < 2; i++)
        expect(codeOf(await attemptLogin(api, 'worker.demo', 'wrong'))).toBe('UNAUTHENTICATED');
      expectRateLimited(await attemptLogin(api, 'worker.demo', DEMO_PASSWORD), 15 * 60);
    } finally {
      await api.close();
    }
  });
});
