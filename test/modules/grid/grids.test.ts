import { GridsDocument, GridTreeDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';

let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  token = await api.login('worker.demo');
});
afterAll(() => api.close());

describe('grid tree', () => {
  it('lists grids by level with a total that matches the table', async () => {
    const [row] = await sql<{ n: string }>(api, 'select count(*) as n from grid where level = 3');
    const response = await api.request(GridsDocument, { first: 5, filter: { level: 3 } }, { token });
    expect(response.data?.grids.totalCount).toBe(Number(row.n));
    expect(response.data?.grids.nodes.every((grid) => grid.level === 3)).toBe(true);
  });

  it('navigates from a leaf to its parent, ancestors and path, and back down to children', async () => {
    const leaves = await api.request(GridsDocument, { first: 1, filter: { level: 3 } }, { token });
    const leafId = leaves.data!.grids.nodes[0].id;
    const leaf = await api.request(GridTreeDocument, { id: leafId }, { token });
    const grid = leaf.data!.grid;
    expect(grid.ancestors.map((a) => a.level)).toEqual([0, 1, 2]);
    expect(grid.path.map((p) => p.level)).toEqual([0, 1, 2, 3]);
    expect(grid.parent?.id).toBe(grid.ancestors[2].id);
    const parent = await api.request(GridTreeDocument, { id: grid.parent!.id }, { token });
    expect(parent.data!.grid.children.map((child) => child.id)).toContain(leafId);
  });

  it('filters a subtree with under and keeps the list inside it', async () => {
    const streets = await api.request(GridsDocument, { first: 1, filter: { level: 1 } }, { token });
    const street = streets.data!.grids.nodes[0];
    const [row] = await sql<{ n: string }>(
      api,
      "select count(*) as n from grid where path like (select path from grid where code = $1) || '%'",
      [street.code],
    );
    const subtree = await api.request(GridsDocument, { first: 1, filter: { under: street.id } }, { token });
    expect(subtree.data?.grids.totalCount).toBe(Number(row.n));
  });
});
