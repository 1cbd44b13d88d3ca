import { MeDocument } from '../generated/graphql';
import { startTestApi, TestApi } from '../support/api';
import { startPrivatePostgres, PrivatePostgres } from './private-postgres';
import { freePort, startProcess, waitForOutput } from './process';

/** Short waits, so a frozen server costs the test seconds; each is a setting an operator may choose. */
const LIMITS = {
  DB_CONNECT_TIMEOUT_MS: '1000',
  DB_ACQUIRE_TIMEOUT_MS: '1000',
  DB_STATEMENT_TIMEOUT_MS: '1000',
  HEALTH_TIMEOUT_MS: '500',
  AUDIT_WAIT_MS: '1000',
};
/**
 * What a request may take against a frozen server: the client gives up on a query 2 s after the statement
 * timeout (3 s here), plus an acquire wait and room for a loaded machine. Without the timeouts it waited 20 s.
 */
const FROZEN_ANSWER_BOUND_MS = 8000;

let pg: PrivatePostgres;
let api: TestApi;
let token: string;
let errorLines: string[];
beforeAll(async () => {
  pg = await startPrivatePostgres();
  api = await startTestApi(LIMITS, { database: { url: pg.url, drop: async () => undefined } });
  token = await api.tokenFor('worker.demo');
}, 120_000);
afterAll(async () => {
  await api?.close();
  await pg?.close();
});
beforeEach(() => {
  errorLines = [];
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errorLines.push(args.join(' ')));
});
afterEach(() => jest.restoreAllMocks());

const origin = () => api.url.replace(/\/graphql$/, '');
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}
const probe = (path: string) => timed(() => fetch(`${origin()}${path}`).then((response) => response.status));
const me = () => timed(() => api.request(MeDocument, {}, { token }));

/** Polls `me` until it answers with data again, and answers how long that took. */
async function recovery(boundMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < boundMs) {
    const { value } = await me();
    if (value.data?.me) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no recovery within ${boundMs} ms`);
}

function expectUnavailable(answer: Awaited<ReturnType<typeof me>>['value']): void {
  expect(answer.data?.me ?? null).toBeNull();
  expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: expect.any(Number) });
}

it('a frozen database: requests answer SERVICE_UNAVAILABLE within the timeouts, live stays fast, ready turns false; all recovers on SIGCONT', async () => {
  expect((await me()).value.data?.me).toBeTruthy();
  pg.freeze();
  try {
    const answers = await Promise.all(Array.from({ length: 8 }, () => me()));
    const live = await probe('/health/live');
    const ready = await probe('/health/ready');
    console.log(
      `frozen database: answers in ${answers.map((a) => Math.round(a.ms)).join(', ')} ms; ` +
        `live ${Math.round(live.ms)} ms; ready ${ready.value} in ${Math.round(ready.ms)} ms`,
    );
    for (const answer of answers) {
      expectUnavailable(answer.value);
      expect(answer.ms).toBeLessThan(FROZEN_ANSWER_BOUND_MS);
    }
    expect(live.value).toBe(200);
    expect(ready.value).toBe(503);
    // HEALTH_TIMEOUT_MS is 500; the rest is room for a loaded machine.
    expect(ready.ms).toBeLessThan(3000);
  } finally {
    pg.thaw();
  }
  console.log(`recovered ${Math.round(await recovery(15_000))} ms after SIGCONT`);
  expect((await probe('/health/ready')).value).toBe(200);
  expect(errorLines.join('\n')).not.toMatch(/\n\s+at /);
});

it('a stopped database: SERVICE_UNAVAILABLE with one log line per failure class, and automatic recovery on start', async () => {
  await pg.stop();
  try {
    const answers = await Promise.all(Array.from({ length: 10 }, () => me()));
    for (const answer of answers) expectUnavailable(answer.value);
    expect((await probe('/health/ready')).value).toBe(503);
    expect((await probe('/health/live')).value).toBe(200);
  } finally {
    await pg.start();
  }
  console.log(`recovered ${Math.round(await recovery(15_000))} ms after the restart`);
  expect((await probe('/health/ready')).value).toBe(200);
  const kinds = errorLines.map((line) => /^[^:]*/.exec(line)![0]);
  expect(errorLines.length).toBeGreaterThanOrEqual(1);
  expect(new Set(kinds).size).toBe(kinds.length);
  expect(errorLines.join('\n')).not.toMatch(/\n\s+at /);
});

it('start-up against a frozen database fails within the connect timeout and names the cause', async () => {
  pg.freeze();
  try {
    const server = startProcess({ DATABASE_URL: pg.url, PORT: String(await freePort()), ...LIMITS });
    // Compiling the sources takes a while on a busy machine; the bound starts once the database is tried.
    await waitForOutput(server, /Using the database at DATABASE_URL/);
    const { ms, value: code } = await timed(() => server.exited);
    console.log(`start-up against a frozen database ended after ${Math.round(ms)} ms:\n${server.output()}`);
    expect(code).toBe(1);
    expect(server.output()).toMatch(
      /Cannot use the database at DATABASE_URL .*DB_CONNECT_TIMEOUT_MS=1000.*does not answer/,
    );
    expect(ms).toBeLessThan(15_000);
  } finally {
    pg.thaw();
  }
}, 90_000);
