import { Client } from 'pg';
import { print } from 'graphql';
import { MeDocument, ResidentContactPageDocument } from '../generated/graphql';
import { createTestDatabase } from '../support/test-database';
import { freePort, ServerProcess, startProcess, waitForOutput } from './process';

/**
 * The service in a process of its own (as an operator runs it), so the time `me` takes is the server's and
 * not shared with this test's own HTTP client. With the defaults: 20 slots, a pool of 30, lock timeout 200 ms.
 */
const LOGIN = 'mutation { login(username: "worker.demo", password: "demo-password") { token } }';
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let server: ServerProcess;
let token: string;
beforeAll(async () => {
  database = await createTestDatabase();
  server = startProcess({ DATABASE_URL: database.url, PORT: String(await freePort()) });
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

it('with the resident table locked under 30 blocked reads, `me` answers within 1 s and the reads SERVICE_UNAVAILABLE', async () => {
  const me = print(MeDocument);
  // Warm: what is compiled and cached lazily on a first request is not what this measures.
  for (let i = 0; i < 3; i++) expect((await post(me)).data?.me).toBeTruthy();
  const before = server.output().length;
  const blocker = new Client({ connectionString: database.url });
  await blocker.connect();
  try {
    await blocker.query('begin');
    await blocker.query('lock table resident in access exclusive mode');
    const blocked = Array.from({ length: 30 }, () => post(print(ResidentContactPageDocument), { first: 5 }));
    await new Promise((resolve) => setTimeout(resolve, 100));
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
  // One line for the whole outage, no stack traces.
  const lines = server.output().slice(before).split('\n').filter(Boolean);
  expect(lines.length).toBeGreaterThanOrEqual(1);
  expect(lines.length).toBeLessThanOrEqual(2);
  expect(lines.join('\n')).not.toMatch(/\n\s+at /);
});
