import { Client } from 'pg';
import { createTestDatabase } from '../support/test-database';
import { freePort, ServerProcess, startProcess, waitForOutput } from './process';

const LOG_LOCK = 3706140002;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let server: ServerProcess;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  if (server?.child.exitCode === null) server.child.kill('SIGKILL');
  await database.drop();
});

/** The parts of an answer this test reads. */
interface Answer {
  data: { login: { token: string }; residents: { nodes: unknown[] } };
}

async function graphql(query: string, token?: string): Promise<{ status: number; body: Answer }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}

async function waitingOnLog(client: Client): Promise<number> {
  const { rows } = await client.query(
    `select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = $1 and not granted`,
    [LOG_LOCK],
  );
  return rows[0].n;
}

/** The server's own count of requests waiting for their access-log entries' commit, from /metrics. */
async function appendsWaiting(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^grid_access_log_appends_waiting (\d+)/m.exec(text)?.[1] ?? 0);
}

it('SIGTERM under 16 connections completes every in-flight request, refuses new ones and exits 0', async () => {
  server = startProcess({ DATABASE_URL: database.url, PORT: String(await freePort()), AUDIT_WAIT_MS: '20000' });
  await waitForOutput(server, /ready at/);
  const login = await graphql('mutation { login(username: "worker.demo", password: "demo-password") { token } }');
  const token = login.body.data.login.token;
  const blocker = new Client({ connectionString: database.url });
  await blocker.connect();
  try {
    // Every request reads residents, so each must append to the log and waits there while we hold its lock.
    await blocker.query('select pg_advisory_lock($1)', [LOG_LOCK]);
    const inFlight = Array.from({ length: 16 }, () =>
      graphql('{ residents(first: 3) { nodes { name phone } } }', token),
    );
    // One statement waits at the lock; the requests that finished after it wait in the process for the next.
    while ((await waitingOnLog(blocker)) < 1 || (await appendsWaiting()) < 16)
      await new Promise((resolve) => setTimeout(resolve, 50));
    server.child.kill('SIGTERM');
    await waitForOutput(server, /SIGTERM: draining/);
    await expect(fetch(`${server.url}/health/live`)).rejects.toThrow();
    await blocker.query('select pg_advisory_unlock($1)', [LOG_LOCK]);
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200));
    for (const answer of answers) expect(answer.body.data.residents.nodes).toHaveLength(3);
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/Stopped/);
  } finally {
    await blocker.end();
  }
});

it('SIGTERM stops a production server too: the process handles the signal, not Apollo a second time', async () => {
  server = startProcess({
    DATABASE_URL: database.url,
    PORT: String(await freePort()),
    NODE_ENV: 'production',
    JWT_SECRET: 'a-production-secret-of-forty-characters!',
  });
  await waitForOutput(server, /ready at/);
  const health = await fetch(`${server.url}/health/ready`);
  expect(health.status).toBe(200);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect(server.output()).toMatch(/Stopped/);
});
