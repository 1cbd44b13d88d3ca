import { ReportCaseDocument, ResidentCountDocument } from '../generated/graphql';
import { startTestApi, TestApi } from '../support/api';
import { assignedPaths, globalId, sql } from '../support/sql';

let api: TestApi;
let secondGrid: { id: number; path: string };
beforeAll(async () => {
  api = await startTestApi();
  const [own] = await assignedPaths(api, 'worker.demo');
  [secondGrid] = await sql<{ id: number; path: string }>(
    api,
    'select id, path from grid where level = 3 and path <> $1 order by id desc limit 1',
    [own],
  );
  await sql(
    api,
    `insert into grid_assignment (worker_id, grid_id, role, valid_from)
     select worker_id, $1, 'GRID_WORKER', current_date - 1 from app_user where username = 'worker.demo'`,
    [secondGrid.id],
  );
});
afterAll(() => api.close());

describe('a grid worker responsible for two grids', () => {
  it('sees the residents of both, and only those', async () => {
    const paths = await assignedPaths(api, 'worker.demo');
    expect(paths).toHaveLength(2);
    const [row] = await sql<{ n: string }>(api, 'select count(*) as n from resident where grid_path like any($1)', [
      paths.map((p) => `${p}%`),
    ]);
    const response = await api.request(ResidentCountDocument, {}, { token: await api.login('worker.demo') });
    expect(response.data?.residents.totalCount).toBe(Number(row.n));
  });

  it('reports a case in either grid, checked in memory by the same rules', async () => {
    const response = await api.request(
      ReportCaseDocument,
      {
        input: {
          grid: globalId('Grid', secondGrid.id),
          category: 'SANITATION',
          title: '垃圾桶满溢',
          description: '小区东门垃圾桶已满两天',
          source: 'WORKER_PATROL',
        },
      },
      { token: await api.login('worker.demo') },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.reportCase.status).toBe('REPORTED');
  });
});
