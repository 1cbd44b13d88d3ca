import { GridResidentsDocument, GridsDocument, GridTreeDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';

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

describe('residents of a grid', () => {
  it("are the grid's own residents the caller may see, in one statement for any number of grids", async () => {
    const worker = await api.login('worker.demo');
    const small = await api.request(GridResidentsDocument, { first: 3, perGrid: 5 }, { token: worker });
    const large = await api.request(GridResidentsDocument, { first: 30, perGrid: 5 }, { token: worker });
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
    const withResidents = large.data!.grids.nodes.filter((grid) => grid.residents.length > 0);
    const [own] = await sql<{ id: number }>(
      api,
      "select a.grid_id as id from grid_assignment a join app_user u on u.worker_id = a.worker_id where u.username = 'worker.demo' and a.role = 'GRID_WORKER'",
    );
    expect(withResidents.map((grid) => grid.id)).toEqual([globalId('Grid', own.id)]);
    expect(withResidents[0].residents).toHaveLength(5);
    const [first] = await sql<{ id: number }>(api, 'select id from resident where grid_id = $1 order by id limit 1', [
      own.id,
    ]);
    expect(withResidents[0].residents[0].id).toBe(globalId('Resident', first.id));
  });

  it('show the command centre masked names and no ID numbers', async () => {
    const response = await api.request(
      GridResidentsDocument,
      { first: 2, perGrid: 3 },
      { token: await api.login('center.demo') },
    );
    const residents = response.data!.grids.nodes.flatMap((grid) => grid.residents);
    expect(residents).toHaveLength(6);
    expect(residents.every((r) => r.idNumber === null && r.name!.includes('*'))).toBe(true);
  });
});
