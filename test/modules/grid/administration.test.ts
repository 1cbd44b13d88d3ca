import { CreateGridDocument, GridAtDocument, SplitGridDocument, UpdateGridDocument } from '../../generated/graphql';
import { GraphQLResponse, startTestApi, TestApi } from '../../support/api';
import { globalId, scopePath, sql } from '../../support/sql';

let api: TestApi;
let community: string;

beforeAll(async () => {
  api = await startTestApi();
  const [row] = await sql<{ id: number }>(api, 'select id from grid where path = $1', [
    await scopePath(api, 'leader.demo'),
  ]);
  community = globalId('Grid', row.id);
});
afterAll(() => api.close());

const code = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;
/** A closed lng/lat rectangle, far from the seeded district so no other grid holds its points. */
const box = (west: number, south: number, east: number, north: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ],
  ],
});

describe('grids administered by the district admin', () => {
  it('creates a grid with a boundary, splits it, and answers which grid holds a point', async () => {
    const admin = await api.login('admin.demo');
    const input = {
      parent: community,
      name: '新建楼栋',
      code: 'TEST-B1',
      kind: 'BUILDING' as const,
      boundary: box(10, 10, 10.01, 10.01),
    };
    const created = await api.request(CreateGridDocument, { input }, { token: admin });
    expect(created.errors).toBeUndefined();
    const grid = created.data!.createGrid;
    expect(grid).toMatchObject({ level: 3, kind: 'BUILDING', parent: { id: community } });
    const at = await api.request(
      GridAtDocument,
      { point: { lng: 10.005, lat: 10.005 } },
      { token: await api.login('worker.demo') },
    );
    expect(at.data?.gridAt?.id).toBe(grid.id);
    const parts = [
      { name: '西半', code: 'TEST-B1-W', boundary: box(10, 10, 10.005, 10.01) },
      { name: '东半', code: 'TEST-B1-E', boundary: box(10.005, 10, 10.01, 10.01) },
    ];
    const split = await api.request(SplitGridDocument, { input: { id: grid.id, parts } }, { token: admin });
    expect(split.data?.splitGrid.map((g) => [g.level, g.kind, g.parent?.id])).toEqual([
      [4, 'SUBGRID', grid.id],
      [4, 'SUBGRID', grid.id],
    ]);
    const west = await api.request(GridAtDocument, { point: { lng: 10.002, lat: 10.005 } }, { token: admin });
    expect(west.data?.gridAt?.id).toBe(split.data!.splitGrid[0].id);
    const nowhere = await api.request(GridAtDocument, { point: { lng: -50, lat: -50 } }, { token: admin });
    expect(nowhere.data?.gridAt).toBeNull();
    const again = await api.request(
      SplitGridDocument,
      { input: { id: grid.id, parts: parts.map((p) => ({ ...p, code: `${p.code}2` })) } },
      { token: admin },
    );
    expect(code(again)).toBe('CONFLICT');
    const update = {
      id: grid.id,
      expectedVersion: grid.version,
      name: '改名楼栋',
      boundary: box(10, 10, 10.02, 10.02),
    };
    const renamed = await api.request(UpdateGridDocument, { input: update }, { token: admin });
    expect(renamed.data?.updateGrid).toMatchObject({ name: '改名楼栋', version: grid.version + 1 });
    expect(code(await api.request(UpdateGridDocument, { input: update }, { token: admin }))).toBe('CONFLICT');
  });

  it('refuses grids to other posts, bad boundaries, wrong kinds, taken codes and splits above level 3', async () => {
    const input = { parent: community, name: '楼栋', code: 'TEST-B2', kind: 'BUILDING' as const };
    for (const username of ['leader.demo', 'street.demo', 'worker.demo'])
      expect(code(await api.request(CreateGridDocument, { input }, { token: await api.login(username) }))).toBe(
        'FORBIDDEN',
      );
    const admin = await api.login('admin.demo');
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [1, 1],
          [2, 1],
          [2, 2],
          [1, 2],
        ],
      ],
    };
    const badBoundary = await api.request(
      CreateGridDocument,
      { input: { ...input, boundary: open } },
      { token: admin },
    );
    expect(code(badBoundary)).toBe('BAD_USER_INPUT');
    expect(badBoundary.errors?.[0].message).toContain('input.boundary');
    expect(code(await api.request(CreateGridDocument, { input: { ...input, kind: 'STREET' } }, { token: admin }))).toBe(
      'BAD_USER_INPUT',
    );
    const [taken] = await sql<{ code: string }>(api, 'select code from grid order by id limit 1');
    expect(
      code(await api.request(CreateGridDocument, { input: { ...input, code: taken.code } }, { token: admin })),
    ).toBe('CONFLICT');
    const parts = [
      { name: 'a', code: 'TEST-X1' },
      { name: 'b', code: 'TEST-X2' },
    ];
    expect(code(await api.request(SplitGridDocument, { input: { id: community, parts } }, { token: admin }))).toBe(
      'BAD_USER_INPUT',
    );
    const [{ n }] = await sql<{ n: string }>(
      api,
      "select count(*) as n from grid where code like 'TEST-B2%' or code like 'TEST-X%'",
    );
    expect(n).toBe('0');
  });
});
