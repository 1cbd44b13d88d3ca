import { DEMO_PASSWORD, startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import { Answer, attemptLogin, codeOf, expectRateLimited } from '../../support/rate-limits';

/** The defaults (10 failures lock a username for 15 minutes); one check at a time and two waiting. */
let api: TestApi;
/** A server whose address limit is 3 failures. */
let strict: TestApi;
beforeAll(async () => {
  [api, strict] = await Promise.all([
    startTestApi({ LOGIN_VERIFY_CONCURRENCY: '1', LOGIN_VERIFY_QUEUE: '2' }),
    startTestApi({ LOGIN_IP_MAX_FAILURES: '3' }),
  ]);
});
afterAll(() => Promise.all([api.close(), strict.close()]));

interface LoginEntry {
  entity_id: number | null;
  outcome: string;
  rule: string;
  actor_user_id: number | null;
  fields: string[];
  row: string;
}

async function loginEntries(server: TestApi, since: string): Promise<LoginEntry[]> {
  return sql<LoginEntry>(
    server,
    `select entity_id, outcome, rule, actor_user_id, fields, row_to_json(l)::text as row
       from access_log l where entity_type = 'Login' and id > $1 order by id`,
    [since],
  );
}

async function mark(server: TestApi): Promise<string> {
  const [row] = await sql<{ id: string | null }>(server, 'select max(id)::text as id from access_log');
  return row.id ?? '0';
}

async function userId(server: TestApi, username: string): Promise<number> {
  const [row] = await sql<{ id: number }>(server, 'select id from app_user where username = $1', [username]);
  return row.id;
}

describe('login throttling', () => {
  it('locks a username after 10 wrong passwords: 100 guesses get RATE_LIMITED, and so does the right one', async () => {
    const since = await mark(api);
    const answers: Answer[] = [];
    for (let i = 0; i < 100; i++) answers.push(await attemptLogin(api, 'worker.demo', `guess-${i}`));
    expect(answers.slice(0, 10).map(codeOf)).toEqual(Array(10).fill('UNAUTHENTICATED'));
    for (const answer of answers.slice(10)) expectRateLimited(answer, 15 * 60);
    const right = await attemptLogin(api, 'worker.demo', DEMO_PASSWORD);
    expectRateLimited(right, 15 * 60);
    // Locked for the lockout time from the tenth failure, moments ago.
    expect(right.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(14 * 60);
    expect(right.data).toBeNull();
    // Other accounts are not affected.
    expect(codeOf(await attemptLogin(api, 'admin.demo', DEMO_PASSWORD))).toBeNull();

    const entries = await loginEntries(api, since);
    const worker = await userId(api, 'worker.demo');
    const failures = entries.filter((entry) => entry.rule === 'wrong-password');
    expect(failures).toHaveLength(10);
    expect(failures.every((entry) => entry.entity_id === worker && entry.outcome === 'DENIED')).toBe(true);
    // The lockout itself (naming the account), then 91 refusals that name no one: nothing was looked up.
    const locked = entries.filter((entry) => entry.rule === 'locked');
    expect(locked.map((entry) => entry.entity_id)).toEqual([worker, ...Array(91).fill(null)]);
    expect(entries.every((entry) => entry.fields.join() === 'password')).toBe(true);
    expect(entries.some((entry) => /guess-|demo-password/.test(entry.row))).toBe(false);
  });

  it('answers an unknown username exactly as a known one, lockout included, and names no user', async () => {
    const since = await mark(api);
    const known: Answer[] = [];
    const unknown: Answer[] = [];
    for (let i = 0; i < 12; i++) {
      known.push(await attemptLogin(api, 'leader.demo', `guess-${i}`));
      unknown.push(await attemptLogin(api, 'nobody.at.all', `guess-${i}`));
    }
    const shape = (answer: Answer) => [answer.status, codeOf(answer), answer.errors?.[0]?.message];
    expect(unknown.map(shape)).toEqual(known.map(shape));
    expect(codeOf(known[9])).toBe('UNAUTHENTICATED');
    expectRateLimited(unknown[10], 15 * 60);

    const leader = await userId(api, 'leader.demo');
    const entries = await loginEntries(api, since);
    const named = entries.filter((entry) => entry.entity_id !== null);
    // Known: 10 failures and the lockout name the account; the unknown username's entries name nobody.
    expect(named).toHaveLength(11);
    expect(named.every((entry) => entry.entity_id === leader)).toBe(true);
    expect(entries.filter((entry) => entry.entity_id === null)).toHaveLength(2 + 11 + 2);
  });

  it('clears the failures on a success, which is logged as FULL naming who logged in', async () => {
    const since = await mark(api);
    for (let i = 0; i < 9; i++) expect(codeOf(await attemptLogin(api, 'center.demo', 'wrong'))).toBe('UNAUTHENTICATED');
    const success = await attemptLogin(api, 'center.demo', DEMO_PASSWORD);
    expect(success.errors).toBeUndefined();
    for (let i = 0; i < 9; i++) expect(codeOf(await attemptLogin(api, 'center.demo', 'wrong'))).toBe('UNAUTHENTICATED');

    const center = await userId(api, 'center.demo');
    const successes = (await loginEntries(api, since)).filter((entry) => entry.outcome === 'FULL');
    expect(successes).toEqual([expect.objectContaining({ entity_id: center, actor_user_id: center })]);
  });

  it('refuses an address after LOGIN_IP_MAX_FAILURES failures, whatever the username', async () => {
    const since = await mark(strict);
    for (const username of ['a.nobody', 'b.nobody', 'worker.demo']) {
      expect(codeOf(await attemptLogin(strict, username, 'wrong'))).toBe('UNAUTHENTICATED');
    }
    const refused = await attemptLogin(strict, 'admin.demo', DEMO_PASSWORD);
    expectRateLimited(refused, 15 * 60);
    expect(refused.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(14 * 60);
    const rules = (await loginEntries(strict, since)).map((entry) => entry.rule);
    expect(rules).toEqual(['wrong-password', 'wrong-password', 'wrong-password', 'rate-limited']);
  });
});

describe('bounded password checks', () => {
  it('answers a login flood beyond the queue with RATE_LIMITED at once, and other requests meanwhile', async () => {
    const flood = Array.from({ length: 40 }, () => attemptLogin(api, 'admin.demo', DEMO_PASSWORD));
    const health = await api.raw({ query: '{ health }' });
    expect(health.body).toEqual({ data: { health: 'ok' }, extensions: expect.anything() });
    const answers = await Promise.all(flood);
    const refused = answers.filter((answer) => codeOf(answer) === 'RATE_LIMITED');
    const succeeded = answers.filter((answer) => answer.errors === undefined);
    expect(refused.length).toBeGreaterThan(0);
    expect(succeeded.length).toBeGreaterThanOrEqual(3);
    expect(refused.length + succeeded.length).toBe(40);
    for (const answer of refused) expectRateLimited(answer, 1);
    // Refusals for load are not failures: the account is not locked by them.
    expect(codeOf(await attemptLogin(api, 'admin.demo', DEMO_PASSWORD))).toBeNull();
  });
});
