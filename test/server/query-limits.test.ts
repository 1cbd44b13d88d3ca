import { print } from 'graphql';
import { GridResidentsDocument, ResidentsPageDocument } from '../generated/graphql';
import { startTestApi, TestApi } from '../support/api';

let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi({ QUERY_MAX_DEPTH: '8', QUERY_MAX_ALIASES: '5', QUERY_MAX_TOKENS: '400' });
  token = await api.login('admin.demo');
});
afterAll(() => api.close());

type ErrorBody = { data?: unknown; errors: { message: string; extensions: Record<string, unknown> }[] };

/**
 * A token that names no valid user: were the request authenticated (the context's first SQL statement),
 * it would answer 401. A limit refusal answers 400, so the limits ran before any SQL.
 */
const invalidToken = 'not.a.token';

function nested(depth: number): string {
  let selection = 'id';
  for (let i = 0; i < depth; i++) selection = `parent { ${selection} }`;
  return `{ grids(first: 1) { nodes { ${selection} } } }`;
}

describe('query limits, checked before any SQL', () => {
  it('refuses a query nested deeper than QUERY_MAX_DEPTH, before authenticating', async () => {
    const response = await api.raw({ query: nested(10) }, { token: invalidToken });
    expect(response.status).toBe(400);
    const body = response.body as ErrorBody;
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth', maximum: 8 });
    expect(body.errors[0].message).toContain('depth limit of 8');
  });

  it('answers a query within the depth limit', async () => {
    const response = await api.raw({ query: nested(4) }, { token });
    expect(response.status).toBe(200);
    expect((response.body as { data: { grids: { nodes: unknown[] } } }).data.grids.nodes).toHaveLength(1);
  });

  it('refuses more aliases than QUERY_MAX_ALIASES', async () => {
    const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: health`).join(' ');
    const response = await api.raw({ query: `{ ${aliases} }` }, { token: invalidToken });
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).errors[0].extensions).toMatchObject({ limit: 'aliases', found: 6 });
  });

  it('refuses a document of more than QUERY_MAX_TOKENS tokens', async () => {
    const response = await api.raw({ query: `{ ${'health '.repeat(500)}}` }, { token: invalidToken });
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'tokens',
    });
  });

  it('multiplies the cost of what a page holds by its size, read from the variables', async () => {
    const small = await api.request(GridResidentsDocument, { first: 5, perGrid: 5 }, { token });
    expect(small.errors).toBeUndefined();
    expect(small.data?.grids.nodes).toHaveLength(5);

    const large = await api.raw(
      { query: print(GridResidentsDocument), variables: { first: 100, perGrid: 100 } },
      { token: invalidToken },
    );
    expect(large.status).toBe(400);
    const error = (large.body as ErrorBody).errors[0];
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost', maximum: 20000 });
    expect(error.extensions.found).toBeGreaterThan(20000);
  });

  it('lets the largest page the API offers through when it holds ordinary fields', async () => {
    const response = await api.request(ResidentsPageDocument, { first: 500 }, { token });
    expect(response.errors).toBeUndefined();
    expect(response.data?.residents.edges.length).toBeGreaterThan(0);
  });

  it('refuses fragments that multiply into a huge document', async () => {
    // Five levels of ten spreads each: 100,000 fields from a few hundred characters, and only five deep.
    const fragments = Array.from(
      { length: 5 },
      (_, i) => `fragment F${i} on Query { health ${i === 4 ? '' : `...F${i + 1} `.repeat(10)} }`,
    );
    const query = `query Q { ...F0 } ${fragments.join(' ')}`;
    const response = await api.raw({ query }, { token: invalidToken });
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost' });
  });

  it('refuses a body over REQUEST_BODY_LIMIT_KB as a GraphQL error with a code', async () => {
    const response = await api.raw({ query: '{ health }', variables: { padding: 'x'.repeat(200 * 1024) } });
    expect(response.status).toBe(413);
    expect((response.body as ErrorBody).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'body',
      reason: 'entity.too.large',
    });
  });

  it('answers a body that is not JSON as a GraphQL error with a code', async () => {
    const response = await api.raw('{"query": "{ health }"', {});
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'entity.parse.failed',
    });
  });

  it('answers a body in an unsupported charset as a GraphQL error with a code', async () => {
    const response = await api.raw(
      { query: '{ health }' },
      { headers: { 'content-type': 'application/json; charset=latin1' } },
    );
    expect(response.status).toBe(415);
    expect((response.body as ErrorBody).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'charset.unsupported',
    });
  });
});
