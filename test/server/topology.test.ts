import http from 'node:http';
import { Client } from 'pg';
import { adminUrl, createTestDatabase } from '../support/test-database';
import { freePort, ServerProcess, startProcess, waitForOutput } from '../faults/process';
import { Replica, startReplica } from './replica';

/**
 * The compose topology (compose.yaml) as processes: a primary (the test server) with a streaming read
 * replica, two API instances reading lists from the replica, Redis for the shared rate limits, and a
 * round-robin balancer in front. Needs the embedded test server (its data directory is copied).
 */
const embedded = !process.env.DATABASE_URL;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let replica: Replica;
let instances: ServerProcess[] = [];
let balancer: http.Server;
let balancerUrl: string;

beforeAll(async () => {
  if (!embedded) return;
  database = await createTestDatabase();
  replica = await startReplica(adminUrl(), await freePort());
  const shared = {
    DATABASE_URL: database.url,
    DATABASE_REPLICA_URLS: replica.urlOf(database.name),
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `topology-${process.pid}-${Date.now()}`,
  };
  instances = [
    startProcess({ ...shared, PORT: String(await freePort()) }),
    startProcess({ ...shared, PORT: String(await freePort()) }),
  ];
  balancer = roundRobin(instances.map((instance) => new URL(instance.url)));
  await new Promise<void>((resolve) => balancer.listen(0, '127.0.0.1', resolve));
  balancerUrl = `http://127.0.0.1:${(balancer.address() as { port: number }).port}`;
  await Promise.all(instances.map((instance) => waitForOutput(instance, /ready at/, 120_000)));
}, 180_000);

afterAll(async () => {
  for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill('SIGTERM');
  await Promise.all(instances.map((instance) => instance.exited));
  balancer?.close();
  await replica?.stop();
  await database?.drop();
}, 60_000);

/** The load balancer: each request to the next instance in turn. */
function roundRobin(targets: URL[]): http.Server {
  let next = 0;
  return http.createServer((req, res) => {
    const target = targets[next++ % targets.length];
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
}

interface Answer {
  data?: Record<string, { token?: string; totalCount?: number; nodes?: { name: string }[] } | null> | null;
  errors?: { extensions?: { code?: string } }[];
}

async function graphql(query: string, token?: string): Promise<{ status: number; body: Answer }> {
  const response = await fetch(`${balancerUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}

async function onReplica<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: replica.urlOf(database.name) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const replicaReads = () =>
  onReplica(async (client) => {
    const { rows } = await client.query(
      'select xact_commit::int as n from pg_stat_database where datname = current_database()',
    );
    return rows[0].n as number;
  });

(embedded ? it : it.skip)(
  'serves through both instances; queries read the replica, the principal reads the primary',
  async () => {
    const login = await graphql('mutation { login(username: "worker.demo", password: "demo-password") { token } }');
    const token = login.body.data!.login!.token!;
    const before = await replicaReads();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => graphql('query Grids { grids(first: 50) { totalCount nodes { name } } }', token)),
    );
    for (const answer of answers) expect(answer.body.data?.grids?.totalCount).toBeGreaterThan(0);
    expect(await replicaReads()).toBeGreaterThan(before);
    for (const instance of instances) expect(instance.output()).toMatch(/"operation":"Grids"/);

    // With the replica's replay paused, a renamed grid is not seen yet by lists (the staleness the README
    // allows), while the deactivation of the caller is seen at once: the principal is read on the primary.
    const primary = new Client({ connectionString: database.url });
    await primary.connect();
    try {
      await onReplica((client) => client.query('select pg_wal_replay_pause()'));
      const [grid] = answers[0].body.data!.grids!.nodes!;
      await primary.query(`update grid set name = name || ' (renamed)' where name = $1`, [grid.name]);
      const stale = await graphql('query Grids { grids(first: 50) { totalCount nodes { name } } }', token);
      expect(stale.body.data?.grids?.nodes?.map((node) => node.name)).toContain(grid.name);
      await primary.query(`update app_user set active = false where username = 'worker.demo'`);
      const refused = await graphql('query Grids { grids(first: 1) { totalCount } }', token);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      await onReplica((client) => client.query('select pg_wal_replay_resume()'));
    } finally {
      await primary.end();
    }
  },
  120_000,
);
