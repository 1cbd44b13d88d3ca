import { ResidentsPageDocument, ResidentByIdDocument } from '../generated/graphql';
import { startTestApi, TestApi } from '../support/api';

let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  token = await api.login('admin.demo');
});
afterAll(() => api.close());

describe('bad input', () => {
  it('answers malformed GraphQL with 400 and a parse error', async () => {
    const response = await api.raw({ query: '{ residents(first: 5 { id } }' }, { token });
    expect(response.status).toBe(400);
    expect((response.body as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
      'GRAPHQL_PARSE_FAILED',
    );
  });

  it('answers an unknown enum value with 400 and a validation error', async () => {
    const response = await api.raw(
      { query: '{ residents(first: 5, orderBy: { field: SALARY, direction: ASC }) { totalCount } }' },
      { token },
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('SALARY');
  });

  it('names the argument of an id that is not an id', async () => {
    const response = await api.request(ResidentByIdDocument, { id: 'definitely-not-an-id' }, { token });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
  });

  it('names the argument of a cursor that is not a cursor', async () => {
    const response = await api.request(ResidentsPageDocument, { first: 5, after: 'garbage' }, { token });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });

  it('refuses a page size out of range, naming it', async () => {
    const response = await api.request(ResidentsPageDocument, { first: 5000 }, { token });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.argumentName).toBe('first');
  });

  it('answers an id of the wrong type as bad input, not as another object', async () => {
    const grids = await api.raw({ query: '{ grids(first: 1) { nodes { id } } }' }, { token });
    const gridId = (grids.body as { data: { grids: { nodes: { id: string }[] } } }).data.grids.nodes[0].id;
    const response = await api.request(ResidentByIdDocument, { id: gridId }, { token });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
  });

  it('shows no stack traces outside development', async () => {
    const response = await api.request(ResidentByIdDocument, { id: 'x' }, { token });
    expect(JSON.stringify(response)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });
});
