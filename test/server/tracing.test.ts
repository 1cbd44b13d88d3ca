import { spawnSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createTestDatabase } from '../support/test-database';
import { DEMO_PASSWORD } from '../support/api';
import { freePort, ServerProcess, startProcess, waitForOutput } from '../faults/process';

/** The parts of OTLP's JSON encoding this test reads. */
interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: OtlpValue }[];
}
interface OtlpExport {
  resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let server: ServerProcess;
let collector: http.Server;
/** Every body the server posted to the collector, as received. */
const received: string[] = [];

function startCollector(): Promise<http.Server> {
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') received.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(receiver)));
}

const spans = (): OtlpSpan[] =>
  received.flatMap((body) =>
    ((JSON.parse(body) as OtlpExport).resourceSpans ?? []).flatMap((r) =>
      (r.scopeSpans ?? []).flatMap((s) => s.spans ?? []),
    ),
  );

function attributesOf(span: OtlpSpan): Record<string, unknown> {
  const plain = (value: OtlpValue): unknown =>
    value.arrayValue
      ? (value.arrayValue.values ?? []).map(plain)
      : (value.stringValue ?? (value.intValue === undefined ? undefined : Number(value.intValue)));
  return Object.fromEntries((span.attributes ?? []).map(({ key, value }) => [key, plain(value)]));
}

async function spanOf(operation: string): Promise<OtlpSpan> {
  for (let tries = 0; tries < 300; tries++) {
    const span = spans().find((s) => attributesOf(s)['graphql.operation.name'] === operation);
    if (span) return span;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no span for ${operation} arrived; received ${received.length} exports`);
}

async function graphql(query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    errors?: { extensions?: { code?: string } }[];
    extensions?: { sqlStatements?: number };
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  collector = await startCollector();
  server = startProcess({
    DATABASE_URL: database.url,
    PORT: String(await freePort()),
    SQL_COUNT: 'on',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
    // Spans leave a fraction of a second after they end, instead of every five seconds.
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
  await waitForOutput(server, /API ready/, 90_000);
}, 120_000);
afterAll(async () => {
  if (server?.child.exitCode === null) server.child.kill('SIGKILL');
  await new Promise((resolve) => collector?.close(resolve));
  await database?.drop();
});

it('exports a span per GraphQL request with its operation, outcome and statements, and no personal value', async () => {
  const login = await graphql(
    'mutation SignIn($username: String!, $password: String!) { login(username: $username, password: $password) { token } }',
    { username: 'worker.demo', password: DEMO_PASSWORD },
  );
  const token: string = login.data!.login.token;
  const first = await graphql(
    'query FirstResident { residents(first: 1) { nodes { id name idNumber phone } } }',
    {},
    token,
  );
  const resident: { name: string; idNumber: string; phone: string } = first.data!.residents.nodes[0];
  expect(resident.idNumber).toMatch(/^\d{17}[\dX]$/);
  const found = await graphql(
    `
      query FindResident($idNumber: String!, $name: String!) {
        residents(first: 1, filter: { idNumber: $idNumber, nameContains: $name }) {
          nodes {
            id
            name
            idNumber
            phone
          }
        }
      }
    `,
    { idNumber: resident.idNumber, name: resident.name },
    token,
  );
  expect(found.data!.residents.nodes).toEqual([resident]);
  const refused = await graphql(
    'query Verify($from: DateTimeISO!, $to: DateTimeISO!) { verifyAccessLog(from: $from, to: $to) { ok } }',
    { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() },
    token,
  );
  const refusal = refused.errors!.map((error) => error.extensions?.code);
  expect(refusal).toContain('FORBIDDEN');

  const span = await spanOf('FindResident');
  expect(attributesOf(span)).toMatchObject({
    'graphql.operation.name': 'FindResident',
    'graphql.operation.type': 'query',
    'http.response.status_code': 200,
    'graphql.sql_statements': found.extensions!.sqlStatements,
    'graphql.error.codes': [],
  });
  const statements = spans().filter((s) => s.parentSpanId === span.spanId);
  expect(statements.length).toBeGreaterThan(0);
  expect(statements.every((s) => s.traceId === span.traceId)).toBe(true);
  expect(statements.map((s) => attributesOf(s)['db.query.text'])).toContainEqual(expect.stringMatching(/resident/));
  expect(attributesOf(await spanOf('Verify'))['graphql.error.codes']).toEqual([...new Set(refusal)]);
  await spanOf('SignIn');

  const everything = received.join('\n');
  for (const secret of [resident.name, resident.idNumber, resident.phone, DEMO_PASSWORD, token, 'worker.demo'])
    expect(everything).not.toContain(secret);
});

it('without an endpoint, the server loads none of the OpenTelemetry SDK', () => {
  // The whole server, as main.ts loads it before it reads the configuration. The API package alone is
  // loaded anyway: prom-client uses it (a no-op without an SDK) for exemplars.
  const probe = `require('./src/server/cluster'); require('./src/server/app');
    process.stdout.write(Object.keys(require.cache).filter((file) => file.includes('@opentelemetry') && !file.includes('@opentelemetry/api/')).join(','));`;
  const run = spawnSync(process.execPath, ['-r', './test/support/register-ts.js', '-e', probe], {
    cwd: path.resolve(__dirname, '..', '..'),
    encoding: 'utf8',
  });
  expect(run.status).toBe(0);
  expect(run.stdout).toBe('');
});
