import { Writable } from 'node:stream';
import { createLogger } from '../../src/common/logger';
import { LoginDocument, ResidentsPageDocument } from '../generated/graphql';
import { DEMO_PASSWORD, startTestApi, TestApi } from '../support/api';

/** Every line the server's request log writes, as parsed JSON. */
const lines: Record<string, unknown>[] = [];
let text = '';
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    text += chunk.toString();
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({}, { logger: createLogger(capture, 'info') });
});
afterAll(() => api.close());

/** The line is written once the answer has been sent, which may be just after the client has read it. */
async function lineWhere(test: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100 && !lines.some(test); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  const line = lines.find(test);
  if (!line) throw new Error(`no such log line in:\n${text}`);
  return line;
}

const lineOf = (requestId: string) => lineWhere((line) => line.requestId === requestId);

async function rawWithId(body: unknown, headers: Record<string, string>): Promise<{ id: string; json: unknown }> {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { id: response.headers.get('x-request-id') ?? '', json: await response.json() };
}

it('logs one JSON line per request: ids, operation, who asked, status, duration and SQL statements', async () => {
  const token = await api.tokenFor('worker.demo');
  const answer = await api.request(ResidentsPageDocument, { first: 3 }, { token });
  expect(answer.data?.residents.edges).toHaveLength(3);
  const line = await lineWhere((entry) => entry.operation === 'ResidentsPage');
  expect(line).toMatchObject({
    level: 'info',
    msg: 'request',
    requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    operation: 'ResidentsPage',
    userId: expect.any(Number),
    post: 'GRID_WORKER',
    status: 200,
    durationMs: expect.any(Number),
    sqlStatements: answer.extensions?.sqlStatements,
    accessLogEntries: answer.extensions?.accessLogEntries,
  });
});

it('keeps a caller X-Request-Id as the correlation id, echoes it, and names the request with its own id', async () => {
  const sent = await rawWithId({ query: '{ __typename }' }, { 'x-request-id': 'lb-7f3a.42' });
  expect(sent.id).toBe('lb-7f3a.42');
  const line = await lineWhere((entry) => entry.correlationId === 'lb-7f3a.42');
  expect(line?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  // An id that does not look like one is not kept: the server's own id is returned instead.
  const odd = await rawWithId({ query: '{ __typename }' }, { 'x-request-id': 'a b\u00e9<script>' });
  expect(odd.id).toMatch(/^[0-9a-f-]{36}$/);
  expect((await lineOf(odd.id)).correlationId).toBeUndefined();
});

it('leaves no personal value of the variables, the answer or a refused login in the log', async () => {
  const token = await api.tokenFor('worker.demo');
  const page = await api.request(ResidentsPageDocument, { first: 5 }, { token });
  const residents = page.data!.residents.edges.map((edge) => edge.node);
  const someone = residents.find((resident) => resident.name && resident.phone && resident.idNumber)!;
  const searched = await rawWithId(
    {
      query: `query Search($filter: ResidentFilter) { residents(first: 5, filter: $filter) { edges { node { name phone idNumber } } } }`,
      operationName: 'Search',
      variables: { filter: { nameContains: someone.name, idNumber: someone.idNumber } },
    },
    { authorization: `Bearer ${token}` },
  );
  expect(JSON.stringify(searched.json)).toContain(someone.name);
  const wrongPassword = 'a-wrong-password-9f2c';
  await api.request(LoginDocument, { username: 'worker.demo', password: wrongPassword });
  await api.request(LoginDocument, { username: 'worker.demo', password: DEMO_PASSWORD });
  expect((await lineOf(searched.id)).operation).toBe('Search');
  const personal = residents.flatMap((resident) => [
    resident.name,
    resident.phone,
    resident.idNumber,
    resident.address,
  ]);
  for (const value of [...personal.filter((v): v is string => !!v), wrongPassword, DEMO_PASSWORD, token]) {
    expect(text).not.toContain(value);
  }
  expect(lines.filter((line) => line.operation === 'Login').length).toBeGreaterThanOrEqual(2);
});
