import { CaseStatisticsDocument, CaseStatisticsQuery } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import { demoWorld } from './case-support';

let api: TestApi;
const HOUR = 3_600_000;
const MARCH = { from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' };
const REPORTED = Date.parse('2025-03-10T08:00:00Z');
const LONG_AGO = new Date('2025-03-12T00:00:00Z');
const FAR_AHEAD = new Date('2099-01-01T00:00:00Z');

interface FixtureCase {
  status: string;
  holding: number;
  category?: string;
  civilAffairs?: boolean;
  acceptedAfter?: number;
  closedAfter?: number;
  satisfaction?: number;
  reportedAt?: number;
  resolveDue?: Date;
  dispatchDue?: Date;
}

/** A level-3 grid of our own under worker.demo's community, so that every number below is known. */
async function fixtureGrid(name: string): Promise<{ id: number; path: string }> {
  const world = await demoWorld(api);
  const [parent] = await sql<{ id: number; path: string }>(
    api,
    'select id, path from grid where id = (select parent_id from grid where id = $1)',
    [world.grid.id],
  );
  const [grid] = await sql<{ id: number }>(
    api,
    `insert into grid (name, code, level, kind, parent_id, path, created_at) values ($1, $2, 3, 'BUILDING', $3, '', now()) returning id`,
    [name, `TEST-${name}`, parent.id],
  );
  const path = `${parent.path}${grid.id}/`;
  await sql(api, 'update grid set path = $2 where id = $1', [grid.id, path]);
  return { id: grid.id, path };
}

async function insertCase(grid: { id: number; path: string }, c: FixtureCase): Promise<void> {
  const reported = c.reportedAt ?? REPORTED;
  const after = (hours?: number) => (hours === undefined ? null : new Date(reported + hours * HOUR));
  await sql(
    api,
    `insert into cases (title, description, status, source, category_id, grid_id, grid_path, holding_level, department_id,
       reported_at, accepted_at, closed_at, accept_due_at, resolve_due_at, dispatch_due_at, satisfaction)
     values ('统计样例', '统计样例', $1, 'WORKER_PATROL', (select id from case_category where code = $2), $3, $4, $5,
       (select id from department where code = 'CIVIL_AFFAIRS' and $6), $7, $8, $9, $7, $10, $11, $12)`,
    [
      c.status,
      c.category ?? 'SANITATION',
      grid.id,
      grid.path,
      c.holding,
      c.civilAffairs ?? false,
      new Date(reported),
      after(c.acceptedAfter),
      after(c.closedAfter),
      c.resolveDue ?? FAR_AHEAD,
      c.dispatchDue ?? null,
      c.satisfaction ?? null,
    ],
  );
}

async function statistics(
  username: string,
  gridId: number,
  server: TestApi = api,
): Promise<CaseStatisticsQuery['caseStatistics']> {
  const response = await server.request(
    CaseStatisticsDocument,
    { grid: globalId('Grid', gridId), ...MARCH },
    { token: await server.login(username) },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.caseStatistics;
}

const cell = (count: number | null, suppressed = false) => ({ count, suppressed });
const statusCounts = (s: CaseStatisticsQuery['caseStatistics']) =>
  Object.fromEntries(s.byStatus.filter((c) => c.count !== 0).map((c) => [c.status, c.count]));
const categoryCounts = (s: CaseStatisticsQuery['caseStatistics']) =>
  Object.fromEntries(s.byCategory.filter((c) => c.count !== 0).map((c) => [c.category.code, c.count]));

let mixed: { id: number; path: string };
let dispatched: { id: number; path: string };

beforeAll(async () => {
  api = await startTestApi();
  mixed = await fixtureGrid('统计楼A');
  for (const c of [
    { status: 'CLOSED', holding: 3, acceptedAfter: 2, closedAfter: 24, satisfaction: 5 },
    { status: 'CLOSED', holding: 3, acceptedAfter: 4, closedAfter: 48, satisfaction: 4 },
    { status: 'CLOSED', holding: 2, category: 'PUBLIC_FACILITY', acceptedAfter: 1, closedAfter: 72, satisfaction: 3 },
    {
      status: 'CLOSED',
      holding: 0,
      category: 'SOCIAL_ASSISTANCE',
      civilAffairs: true,
      acceptedAfter: 3,
      closedAfter: 96,
      satisfaction: 2,
    },
    { status: 'IN_PROGRESS', holding: 3, acceptedAfter: 2, resolveDue: LONG_AGO },
    { status: 'REPORTED', holding: 3 },
    { status: 'REJECTED', holding: 3 },
    {
      status: 'DISPATCHED',
      holding: 0,
      category: 'SOCIAL_ASSISTANCE',
      civilAffairs: true,
      acceptedAfter: 6,
      dispatchDue: LONG_AGO,
    },
    {
      status: 'CLOSED',
      holding: 3,
      acceptedAfter: 1,
      closedAfter: 2,
      satisfaction: 1,
      reportedAt: Date.parse('2025-02-20T00:00:00Z'),
    },
  ] satisfies FixtureCase[])
    await insertCase(mixed, c);
  dispatched = await fixtureGrid('统计楼B');
  const spread = [
    ...Array(5).fill('SOCIAL_ASSISTANCE'),
    ...Array(6).fill('WAGE_DISPUTE'),
    'PUBLIC_HEALTH',
    'PUBLIC_HEALTH',
  ];
  for (const category of spread)
    await insertCase(dispatched, { status: 'DISPATCHED', holding: 0, category, civilAffairs: true, acceptedAfter: 1 });
});
afterAll(() => api.close());

describe('case statistics of a grid and period', () => {
  it('count by state and category and measure the three goals, against a hand-built fixture', async () => {
    const s = await statistics('center.demo', mixed.id);
    expect(s.suppressed).toBe(false);
    expect(s.total).toEqual(cell(8));
    expect(statusCounts(s)).toEqual({ CLOSED: 4, IN_PROGRESS: 1, REPORTED: 1, REJECTED: 1, DISPATCHED: 1 });
    expect(s.byStatus).toHaveLength(10);
    expect(categoryCounts(s)).toEqual({ SANITATION: 5, PUBLIC_FACILITY: 1, SOCIAL_ASSISTANCE: 2 });
    expect(s.closed).toEqual(cell(4));
    expect(s.overdue).toEqual(cell(2));
    expect(s.closedWithinGrid).toEqual({ value: 0.5, basis: 4, suppressed: false });
    expect(s.closedWithinStreet).toEqual({ value: 0.75, basis: 4, suppressed: false });
    expect(s.reachedDistrict.basis).toBe(7);
    expect(s.reachedDistrict.value).toBeCloseTo(2 / 7, 10);
    expect(s.hoursToAccept).toEqual({ value: 3, basis: 6, suppressed: false });
    expect(s.hoursToClose).toEqual({ value: 60, basis: 4, suppressed: false });
    expect(s.satisfaction).toEqual({ value: 3.5, basis: 4, suppressed: false });
  });

  it('give the street admin the same numbers and count nothing outside the caller’s scope', async () => {
    expect(await statistics('street.demo', mixed.id)).toEqual(await statistics('center.demo', mixed.id));
    const worker = await statistics('worker.demo', mixed.id);
    expect(worker.total).toEqual(cell(0));
    expect(worker.closedWithinGrid).toEqual({ value: null, basis: 0, suppressed: false });
    expect((await statistics('resident.demo', mixed.id)).total).toEqual(cell(0));
  });

  it('for a department count only what is dispatched to it and withhold small groups', async () => {
    const centre = await statistics('center.demo', dispatched.id);
    expect(categoryCounts(centre)).toEqual({ SOCIAL_ASSISTANCE: 5, WAGE_DISPUTE: 6, PUBLIC_HEALTH: 2 });
    const department = await statistics('dept.demo', dispatched.id);
    expect(department.suppressed).toBe(true);
    expect(department.total).toEqual(cell(13));
    const byCode = Object.fromEntries(
      department.byCategory.map((c) => [c.category.code, { count: c.count, suppressed: c.suppressed }]),
    );
    expect(byCode.PUBLIC_HEALTH).toEqual(cell(null, true));
    // One withheld cell could be worked out from the total, so the next smallest goes with it.
    expect(byCode.SOCIAL_ASSISTANCE).toEqual(cell(null, true));
    expect(byCode.WAGE_DISPUTE).toEqual(cell(6));
    expect(byCode.SANITATION).toEqual(cell(0));
    expect((await statistics('dept.demo', mixed.id)).total).toEqual(cell(null, true));
  });

  it('take the minimum group size from AGGREGATE_MIN_CELL', async () => {
    const lenient = await startTestApi({ AGGREGATE_MIN_CELL: '2' }, { shareDatabaseOf: api });
    try {
      const department = await statistics('dept.demo', dispatched.id, lenient);
      expect(department.suppressed).toBe(false);
      expect(categoryCounts(department)).toEqual({ SOCIAL_ASSISTANCE: 5, WAGE_DISPUTE: 6, PUBLIC_HEALTH: 2 });
    } finally {
      await lenient.close();
    }
  });

  it('cover the whole district in a fixed number of SQL statements, without loading the cases', async () => {
    const response = await api.request(CaseStatisticsDocument, {}, { token: await api.login('center.demo') });
    const [row] = await sql<{ total: string; closed: string }>(
      api,
      `select count(*) as total, count(*) filter (where status = 'CLOSED') as closed from cases`,
    );
    expect(response.data?.caseStatistics.total.count).toBe(Number(row.total));
    expect(response.data?.caseStatistics.closed.count).toBe(Number(row.closed));
    expect(response.extensions?.sqlStatements).toBeLessThanOrEqual(8);
  });

  it('refuse an unknown grid and a period that ends before it starts, naming the argument', async () => {
    const token = await api.login('center.demo');
    const unknown = await api.request(CaseStatisticsDocument, { grid: globalId('Grid', 999_999) }, { token });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'grid' });
    const backwards = await api.request(CaseStatisticsDocument, { from: MARCH.to, to: MARCH.from }, { token });
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'to' });
  });
});
