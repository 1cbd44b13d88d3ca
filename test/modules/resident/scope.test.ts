import { NodeByIdDocument, ResidentByIdDocument, ResidentsPageDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { assignedPaths, globalId, scopePath, sql } from '../../support/sql';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function countUnder(paths: string[]): Promise<number> {
  const [row] = await sql<{ n: string }>(api, 'select count(*) as n from resident where grid_path like any($1)', [
    paths.map((p) => `${p}%`),
  ]);
  return Number(row.n);
}

async function allResidentIds(token: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null | undefined;
  do {
    const page = await api.request(ResidentsPageDocument, { first: 200, after }, { token });
    expect(page.errors).toBeUndefined();
    ids.push(...page.data!.residents.edges.map((edge) => edge.node.id));
    after = page.data!.residents.pageInfo.hasNextPage ? page.data!.residents.pageInfo.endCursor : null;
  } while (after);
  return ids;
}

describe('resident row scope', () => {
  it("gives worker.demo exactly the residents of the worker's grids", async () => {
    const token = await api.login('worker.demo');
    const paths = await assignedPaths(api, 'worker.demo');
    const expected = await countUnder(paths);
    expect(expected).toBeGreaterThan(0);
    const page = await api.request(ResidentsPageDocument, { first: 500 }, { token });
    expect(page.data?.residents.totalCount).toBe(expected);
    const gridIds = new Set(page.data!.residents.edges.map((edge) => edge.node.grid?.id));
    const [row] = await sql<{ ids: number[] }>(api, 'select array_agg(id) as ids from grid where path = any($1)', [
      paths,
    ]);
    expect([...gridIds].sort()).toEqual(row.ids.map((id) => globalId('Grid', id)).sort());
  });

  it('gives leader.demo the community and street.demo the street, each a superset of the one below', async () => {
    const leader = await api.request(ResidentsPageDocument, { first: 1 }, { token: await api.login('leader.demo') });
    const street = await api.request(ResidentsPageDocument, { first: 1 }, { token: await api.login('street.demo') });
    expect(leader.data?.residents.totalCount).toBe(await countUnder([await scopePath(api, 'leader.demo')]));
    expect(street.data?.residents.totalCount).toBe(await countUnder([await scopePath(api, 'street.demo')]));
    expect(street.data!.residents.totalCount).toBeGreaterThan(leader.data!.residents.totalCount);
  });

  it('pages through every visible resident once, in order, without gaps', async () => {
    const token = await api.login('leader.demo');
    const ids = await allResidentIds(token);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(await countUnder([await scopePath(api, 'leader.demo')]));
  });

  it('answers NOT_FOUND for a resident outside the scope, by resident(id:) and by node(id:)', async () => {
    const token = await api.login('worker.demo');
    const paths = await assignedPaths(api, 'worker.demo');
    const [outside] = await sql<{ id: number }>(
      api,
      'select id from resident where not (grid_path like any($1)) order by id limit 1',
      [paths.map((p) => `${p}%`)],
    );
    const id = globalId('Resident', outside.id);
    const byId = await api.request(ResidentByIdDocument, { id }, { token });
    const byNode = await api.request(NodeByIdDocument, { id }, { token });
    for (const response of [byId, byNode]) {
      expect(response.data).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('finds an in-scope resident by node(id:) with the same answer as resident(id:)', async () => {
    const token = await api.login('worker.demo');
    const page = await api.request(ResidentsPageDocument, { first: 1 }, { token });
    const id = page.data!.residents.edges[0].node.id;
    const byNode = await api.request(NodeByIdDocument, { id }, { token });
    const byId = await api.request(ResidentByIdDocument, { id }, { token });
    expect(byNode.data?.node).toMatchObject({ __typename: 'Resident', id, name: byId.data?.resident.name });
  });

  it('cannot widen the scope with a filter on a grid outside it', async () => {
    const token = await api.login('worker.demo');
    const [root] = await sql<{ id: number }>(api, 'select id from grid where parent_id is null');
    const page = await api.request(
      ResidentsPageDocument,
      { first: 1, filter: { grid: globalId('Grid', root.id) } },
      { token },
    );
    expect(page.data?.residents.totalCount).toBe(await countUnder(await assignedPaths(api, 'worker.demo')));
  });
});
