import { Client } from 'pg';
import { createTestDatabase } from '../support/test-database';
import { freePort, ServerProcess, startProcess, waitForOutput } from '../faults/process';

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

/** Statements of this database waiting for a lock: the reads queued behind the locked resident table. */
async function waitingOnLog(client: Client): Promise<number> {
  const { rows } = await client.query(
    `select count(*)::int as n from pg_locks
      where not granted and database = (select oid from pg_database where datname = current_database())`,
  );
  return rows[0].n;
}

/** The JSON lines the primary and its workers printed. */
function logLines(): Record<string, unknown>[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

it('WEB_CONCURRENCY=2: two workers serve the port, and SIGTERM under load drains both and exits 0', async () => {
  const metricsPort = await freePort();
  server = startProcess({
    DATABASE_URL: database.url,
    PORT: String(await freePort()),
    WEB_CONCURRENCY: '2',
    METRICS_PORT: String(metricsPort),
    // Reads wait for the table the test locks instead of failing fast.
    DB_LOCK_TIMEOUT_MS: '60000',
  });
  await waitForOutput(server, /Cluster of 2 workers ready/, 90_000);
  const login = await graphql('mutation { login(username: "worker.demo", password: "demo-password") { token } }');
  const token = login.body.data.login.token;
  const named = await Promise.all(Array.from({ length: 6 }, () => graphql('query Me { me { id } }', token)));
  expect(named.map((a) => a.status)).toEqual(Array(6).fill(200));
  // The primary's /metrics adds up the series of both workers.
  // (Each request is counted once its answer is sent, which may be just after the client read it.)
  let metrics = '';
  for (let i = 0; i < 20 && !/operation="Me"\} 6$/m.test(metrics); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  }
  expect(metrics).toMatch(/^grid_graphql_request_duration_seconds_count\{operation="Me"\} 6$/m);
  const blocker = new Client({ connectionString: database.url });
  await blocker.connect();
  try {
    await blocker.query('begin');
    await blocker.query('lock table resident in access exclusive mode');
    const inFlight = Array.from({ length: 12 }, () => graphql('{ residents(first: 2) { nodes { name } } }', token));
    for (let waited = 0; (await waitingOnLog(blocker)) < 12; waited += 50) {
      if (waited > 30_000)
        throw new Error(`the reads did not queue on the lock; the server printed:\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    server.child.kill('SIGTERM');
    await waitForOutput(server, /SIGTERM: stopping 2 workers/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await blocker.query('rollback');
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    for (const answer of answers) expect(answer.body.data.residents.nodes).toHaveLength(2);
  } finally {
    await blocker.end();
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`still running 60 s after SIGTERM:\n${server.output()}`), 60_000);
  });
  expect(await Promise.race([server.exited, late])).toBe(0);
  clearTimeout(timer);
  const lines = logLines();
  const served = lines.filter((line) => line.msg === 'request' && line.status === 200);
  // Both workers answered some of the requests, each from its own process.
  expect(new Set(served.map((line) => line.pid)).size).toBe(2);
  expect(lines.filter((line) => String(line.msg).includes('draining requests')).length).toBe(2);
  // One database start: the workers connected to what the primary had migrated.
  expect(lines.filter((line) => line.msg === 'Using the database at DATABASE_URL').length).toBe(3);
  expect(String(lines.at(-1)?.msg)).toBe('Stopped');
  // Three processes compile the sources on start; a busy machine needs more than the default minute.
}, 150_000);
