import { startTestApi, TestApi } from '../support/api';

interface Answer {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

let api: TestApi;
let admin: string;
let privacy: string;
beforeAll(async () => {
  api = await startTestApi();
  admin = await api.login('admin.demo');
  privacy = await api.login('privacy.demo');
});
afterAll(() => api.close());

async function ask(query: string, variables: Record<string, unknown> = {}, token = admin) {
  const response = await api.raw({ query, variables }, { token });
  return { status: response.status, ...(response.body as Answer) };
}

function firstError(answer: Answer) {
  return answer.errors?.[0]?.extensions;
}

const RESIDENTS =
  'query($after: String, $order: ResidentOrder) { residents(first: 2, after: $after, orderBy: $order) { pageInfo { endCursor } nodes { id name } } }';
const CASES = 'query($after: String) { cases(first: 2, after: $after) { pageInfo { endCursor } nodes { id } } }';

describe('cursors', () => {
  async function endCursor(query: string, variables: Record<string, unknown> = {}): Promise<string> {
    const answer = await ask(query, variables);
    const list = Object.values(answer.data as Record<string, { pageInfo: { endCursor: string } }>)[0];
    return list.pageInfo.endCursor;
  }

  it('accepts the cursor a list returned and gives the next page', async () => {
    const cursor = await endCursor(RESIDENTS);
    const next = await ask(RESIDENTS, { after: cursor });
    expect(next.errors).toBeUndefined();
    expect((next.data as { residents: { nodes: unknown[] } }).residents.nodes).toHaveLength(2);
  });

  it('refuses a cursor of another list, another ordering, forged or truncated, naming `after`', async () => {
    const residentCursor = await endCursor(RESIDENTS);
    const byName = await endCursor(RESIDENTS, { order: { field: 'NAME', direction: 'ASC' } });
    const [payload, mac] = residentCursor.split('.');
    const forgedPayload = Buffer.from(JSON.stringify([{ $ne: 1 }, 1])).toString('base64url');
    const unsigned = Buffer.from(JSON.stringify([null, 1])).toString('base64url');
    const attempts: [string, string, Record<string, unknown>][] = [
      [CASES, residentCursor, {}],
      [RESIDENTS, byName, {}],
      [RESIDENTS, residentCursor, { order: { field: 'NAME', direction: 'DESC' } }],
      [RESIDENTS, `${forgedPayload}.${mac}`, {}],
      [RESIDENTS, unsigned, {}],
      [RESIDENTS, payload, {}],
      [RESIDENTS, residentCursor.slice(0, -3), {}],
      [RESIDENTS, `${residentCursor}.x`, {}],
      [RESIDENTS, '', {}],
      [RESIDENTS, '\u0000', {}],
    ];
    for (const [query, after, variables] of attempts) {
      const answer = await ask(query, { ...variables, after });
      expect({ after, error: firstError(answer) }).toMatchObject({
        after,
        error: { code: 'BAD_USER_INPUT', argumentName: 'after' },
      });
    }
  });
});

describe('global ids', () => {
  const id = (text: string) => Buffer.from(text).toString('base64url');

  it.each(['Resident:2147483648', 'Resident:99999999999', 'Resident:9007199254740993', 'Resident:1e9'])(
    'answers %s as bad input naming the argument, not as an outage',
    async (raw) => {
      for (const query of [
        'query($id: ID!) { resident(id: $id) { id } }',
        'query($id: ID!) { node(id: $id) { id } }',
      ]) {
        const answer = await ask(query, { id: id(raw) });
        expect(answer.status).toBeLessThan(500);
        expect(firstError(answer)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
      }
    },
  );

  it('still answers NOT_FOUND for the largest id a row can have', async () => {
    const answer = await ask('query($id: ID!) { resident(id: $id) { id } }', { id: id('Resident:2147483647') });
    expect(firstError(answer)).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('NUL characters', () => {
  const cases: [string, string, Record<string, unknown>, string?][] = [
    [
      'login',
      'mutation($u: String!) { login(username: $u, password: "x") { token } }',
      { u: 'admin\u0000' },
      'username',
    ],
    [
      'a filter',
      'query($f: ResidentFilter) { residents(filter: $f) { totalCount } }',
      { f: { nameContains: '王\u0000' } },
      'filter.nameContains',
    ],
    ['a literal', 'query { residents(filter: { category: "A\\u0000" }) { totalCount } }', {}, 'filter.category'],
    ['an id', 'query($id: ID!) { node(id: $id) { id } }', { id: 'UmVzaWRlbnQ6MQ\u0000' }, 'id'],
  ];
  it.each(cases)('refuses one in %s, naming the argument', async (_what, query, variables, argumentName) => {
    const answer = await ask(query, variables);
    expect(answer.status).toBeLessThan(500);
    expect(firstError(answer)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
  });
});

describe('dates', () => {
  const STATS = 'query($from: DateTimeISO!, $to: DateTimeISO!) { accessLogStatistics(from: $from, to: $to) { key } }';
  it.each(['0000-01-01T00:00:00Z', '2026-02-30T00:00:00Z', '10000-01-01T00:00:00Z', '0001-01-01T00:00:00+08:00'])(
    'refuses %s in a date and time argument, naming it',
    async (from) => {
      const answer = await ask(STATS, { from, to: '2026-01-01T00:00:00Z' }, privacy);
      expect(answer.status).toBeLessThan(500);
      expect(firstError(answer)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'from' });
    },
  );

  it('refuses an impossible date written in the document, naming the argument', async () => {
    const answer = await ask(
      '{ accessLogAnomalies(from: "2026-02-30T00:00:00Z", to: "2026-03-01T00:00:00Z") { kind } }',
      {},
      privacy,
    );
    expect(firstError(answer)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'from' });
  });

  it.each(['0000-01-01', '2026-02-30', '2026-13-01'])('refuses %s as a birth date bound', async (bornFrom) => {
    const answer = await ask('query($f: ResidentFilter) { residents(filter: $f) { totalCount } }', { f: { bornFrom } });
    expect(firstError(answer)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'bornFrom' });
  });

  it('refuses an export bounded by the year 0000 with 400, before anything is exported', async () => {
    const url = new URL('/exports/access-logs', api.url);
    url.searchParams.set('from', '0000-01-01');
    const response = await fetch(url, { headers: { authorization: `Bearer ${privacy}` } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errors: [{ extensions: { code: 'BAD_USER_INPUT', argumentName: 'from' } }],
    });
  });
});

describe('persisted queries', () => {
  it.each([
    { persistedQuery: 'x' },
    { persistedQuery: { version: 1 } },
    { persistedQuery: { version: 1, sha256Hash: 7 } },
    { persistedQuery: [] },
  ])('answers a malformed extension %j with a contract code', async (extensions) => {
    const response = await api.raw({ query: '{ me { id } }', extensions }, { token: admin });
    expect(response.status).toBeLessThan(500);
    expect((response.body as Answer).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('found by the fuzz test', () => {
  it('filters workers by grid (the filter reads `assignments`), not INTERNAL_SERVER_ERROR', async () => {
    const grids = await ask('{ grids(first: 1) { nodes { id } } }');
    const grid = (grids.data as { grids: { nodes: { id: string }[] } }).grids.nodes[0].id;
    const answer = await ask('query($g: ID) { workers(filter: { grid: $g }) { totalCount } }', { g: grid });
    expect(answer.errors).toBeUndefined();
    expect((answer.data as { workers: { totalCount: number } }).workers.totalCount).toBeGreaterThan(0);
  });

  it('names the argument a badly typed nested variable is passed to', async () => {
    const answer = await ask('query($f: ResidentFilter) { residents(filter: $f) { totalCount } }', {
      f: { bornFrom: 5 },
    });
    expect(firstError(answer)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.bornFrom' });
  });
});
