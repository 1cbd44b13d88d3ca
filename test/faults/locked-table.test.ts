import { Client } from 'pg';
import { print } from 'graphql';
import { MeDocument, ResidentContactPageDocument } from '../generated/graphql';
import { createTestDatabase } from '../support/test-database';
import { freePort, ServerProcess, startProcess, waitForOutput } from './process';

/**
 * The service in a process of its own (as an operator runs it), so the time `me` takes is the server's and
 * not shared with this test's own HTTP client. The defaults (20 slots, a pool of 30), except a lock timeout
 * of 3 s instead of 200 ms: the blocked reads hold every slot for that long, so an answer within 1 s shows
 * that `me` neither queues behind them nor waits for a connection they hold (before the reserve it did).
 */
const LOGIN = 'mutation { login(username: "worker.demo", password: "demo-password") { token } }';
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let server: ServerProcess;
let token: string;
beforeAll(async () => {
  database = await createTestDatabase();
  server = startProcess({ DATABASE_URL: database.url, PORT: String(await freePort()), DB_LOCK_TIMEOUT_MS: '3000' });
  await waitForOutput(server, /ready at/);
  const login = await post(LOGIN);
  token = (login.data as { login: { token: string } }).login.token;
});
afterAll(async () => {
  if (server?.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await database.drop();
});

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { extensions?: Record<string, unknown> }[];
}

async function post(query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Answer;
}

async function untilBlockedOnResident(client: Client, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rows } = await client.query(
      `select count(*)::int as n from pg_locks where relation = 'resident'::regclass and not granted`,
    );
    if (rows[0].n >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${rows[0].n} reads blocked on the resident table`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

it('with the resident table locked under 30 blocked reads, `me` answers within 1 s and the reads SERVICE_UNAVAILABLE', async () => {
  const me = print(MeDocument);
  // Warm: what is compiled and cached lazily on a first request (the sources are transpiled as they are
  // required) is not what this measures.
  for (let i = 0; i < 3; i++) {
    expect((await post(me)).data?.me).toBeTruthy();
    expect((await post(print(ResidentContactPageDocument), { first: 5 })).data?.residents).toBeTruthy();
  }
  const before = server.output().length;
  const blocker = new Client({ connectionString: database.url });
  await blocker.connect();
  try {
    await blocker.query('begin');
    await blocker.query('lock table resident in access exclusive mode');
    const blocked = Array.from({ length: 30 }, () => post(print(ResidentContactPageDocument), { first: 5 }));
    // Measured once the reads hold every slot, blocked on the lock (not while they are still being parsed).
    await untilBlockedOnResident(blocker, 20);
    const started = performance.now();
    const answer = await post(me);
    const ms = performance.now() - started;
    console.log(`me with the resident table locked under 30 blocked reads: ${Math.round(ms)} ms`);
    // The caller's post is read without touching the locked table, and a light operation has reserved
    // slots and connections: it neither waits for the lock nor queues behind the blocked reads.
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.me).toBeTruthy();
    expect(ms).toBeLessThan(1000);
    for (const read of await Promise.all(blocked)) {
      expect(read.data ?? null).toBeNull();
      expect(read.errors?.[0]?.extensions).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        retryAfter: expect.any(Number),
      });
    }
  } finally {
    await blocker.query('rollback');
    await blocker.end();
  }
  // One failure line for the whole outage, no stack traces (the request log's one line per request aside).
  const lines = server
    .output()
    .slice(before)
    .split('\n')
    .filter((line) => line && !line.includes('"msg":"request"'));
  expect(lines.length).toBeGreaterThanOrEqual(1);
  expect(lines.length).toBeLessThanOrEqual(2);
  expect(lines.join('\n')).not.toMatch(/\n\s+at /);
});
