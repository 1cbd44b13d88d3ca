import { CaseByIdDocument, OverdueCasesDocument, ReportCaseDocument, ReportCaseInput } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import { caseRow, demoWorld, DemoWorld, numericId, report, reportInput, timelineOf } from './case-support';

let api: TestApi;
let world: DemoWorld;
let boundary: { west: number; south: number; east: number; north: number };
beforeAll(async () => {
  api = await startTestApi();
  world = await demoWorld(api);
  const [row] = await sql<{ boundary: { coordinates: number[][][] } }>(api, 'select boundary from grid where id = $1', [
    world.grid.id,
  ]);
  const ring = row.boundary.coordinates[0];
  boundary = {
    west: Math.min(...ring.map((p) => p[0])),
    east: Math.max(...ring.map((p) => p[0])),
    south: Math.min(...ring.map((p) => p[1])),
    north: Math.max(...ring.map((p) => p[1])),
  };
});
afterAll(() => api.close());

async function reportAs(username: string, overrides: Partial<ReportCaseInput>) {
  return api.request(
    ReportCaseDocument,
    { input: reportInput(world, overrides) },
    { token: await api.login(username) },
  );
}

async function refusedArgument(overrides: Partial<ReportCaseInput>): Promise<unknown> {
  const response = await reportAs('worker.demo', overrides);
  expect(response.data).toBeNull();
  expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  return response.errors?.[0]?.extensions?.argumentName;
}

describe('reporting a case', () => {
  it("takes the category's SLA, sensitivity and the grid's level, and starts the timeline", async () => {
    const response = await reportAs('worker.demo', {
      category: 'NEIGHBOUR_DISPUTE',
      title: '  邻里噪音纠纷  ',
      description: '\n楼上装修噪音 ',
    });
    expect(response.errors).toBeUndefined();
    const kase = response.data!.reportCase;
    expect(kase).toMatchObject({
      status: 'REPORTED',
      holdingLevel: 3,
      version: 1,
      title: '邻里噪音纠纷',
      description: '楼上装修噪音',
    });
    const reported = Date.parse(kase.reportedAt!);
    expect(Date.parse(kase.acceptDueAt!) - reported).toBe(4 * 3_600_000);
    expect(Date.parse(kase.resolveDueAt!) - reported).toBe(72 * 3_600_000);
    const row = await caseRow(api, kase.id);
    expect(row).toMatchObject({ sensitive: true, grid_path: world.grid.path, reporter_id: 1, source: 'WORKER_PATROL' });
    expect(await timelineOf(api, kase.id)).toEqual([
      { action: 'report', from_status: null, to_status: 'REPORTED', actor_role: 'GRID_WORKER', note: null },
    ]);
  });

  it('refuses blank, too long and untrimmed-empty texts, naming the argument', async () => {
    expect(await refusedArgument({ title: '   ' })).toBe('title');
    expect(await refusedArgument({ title: 'x'.repeat(101) })).toBe('title');
    expect(await refusedArgument({ description: ' \t\n ' })).toBe('description');
    expect(await refusedArgument({ description: 'x'.repeat(2001) })).toBe('description');
    expect((await reportAs('worker.demo', { title: ` ${'x'.repeat(100)} ` })).errors).toBeUndefined();
  });

  it('refuses unknown categories and grids, naming the argument', async () => {
    expect(await refusedArgument({ category: 'NO_SUCH_THING' })).toBe('input.category');
    expect(await refusedArgument({ grid: globalId('Grid', 999_999) })).toBe('input.grid');
    expect(await refusedArgument({ grid: globalId('Case', world.grid.id) })).toBe('input.grid');
    expect(await refusedArgument({ grid: 'not-an-id' })).toBe('input.grid');
  });

  it('takes a point inside the grid boundary and refuses one outside or out of range', async () => {
    const inside = { longitude: (boundary.west + boundary.east) / 2, latitude: (boundary.south + boundary.north) / 2 };
    const accepted = await reportAs('worker.demo', inside);
    expect(accepted.errors).toBeUndefined();
    expect(await caseRow(api, accepted.data!.reportCase.id)).toMatchObject(inside);
    expect(await refusedArgument({ longitude: boundary.east + 0.01, latitude: inside.latitude })).toBe(
      'input.longitude',
    );
    expect(await refusedArgument({ longitude: 181, latitude: 37.8 })).toBe('longitude');
    expect(await refusedArgument({ longitude: 120.7, latitude: -91 })).toBe('latitude');
    expect(await refusedArgument({ longitude: inside.longitude })).toBe('input.latitude');
  });

  it('is open to the command centre for hotline (12345) calls, in any grid', async () => {
    const response = await reportAs('center.demo', { grid: world.otherStreetGrid.globalId, source: 'HOTLINE_12345' });
    expect(response.errors).toBeUndefined();
    expect(await caseRow(api, response.data!.reportCase.id)).toMatchObject({ source: 'HOTLINE_12345', reporter_id: 4 });
  });

  it('is refused outside the grids the caller may report in', async () => {
    const response = await reportAs('worker.demo', { grid: world.otherStreetGrid.globalId });
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('residents', () => {
  it('report in their own grid and only there', async () => {
    const own = await reportAs('resident.demo', { source: 'RESIDENT_SELF_SERVICE' });
    expect(own.errors).toBeUndefined();
    expect(await caseRow(api, own.data!.reportCase.id)).toMatchObject({ reporter_id: 8 });
    const [neighbour] = await sql<{ id: number }>(
      api,
      'select id from grid where level = 3 and id <> $1 order by id limit 1',
      [world.grid.id],
    );
    const elsewhere = await reportAs('resident.demo', {
      grid: globalId('Grid', neighbour.id),
      source: 'RESIDENT_SELF_SERVICE',
    });
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('follow only the cases they reported', async () => {
    const token = await api.login('resident.demo');
    const [own] = await sql<{ n: string }>(api, 'select count(*) as n from cases where reporter_id = 8');
    const list = await api.request(OverdueCasesDocument, {}, { token });
    expect(list.data?.cases.totalCount).toBe(Number(own.n));
    const workers = await report(api, 'worker.demo', reportInput(world));
    const byId = await api.request(CaseByIdDocument, { id: workers }, { token });
    expect(byId.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('a retried report', () => {
  it('with the same client key returns the same case, once', async () => {
    const input = reportInput(world, { clientKey: 'app-7f3a9c1e-0001' });
    const first = await report(api, 'worker.demo', input);
    const retry = await report(api, 'worker.demo', input);
    expect(retry).toBe(first);
    const [row] = await sql<{ n: string }>(api, 'select count(*) as n from cases where idempotency_key like $1', [
      '%:app-7f3a9c1e-0001',
    ]);
    expect(Number(row.n)).toBe(1);
    expect(await timelineOf(api, first)).toHaveLength(1);
  });

  it('with a key used for another report is a CONFLICT', async () => {
    await report(api, 'worker.demo', reportInput(world, { clientKey: 'app-7f3a9c1e-0002' }));
    const other = await reportAs('worker.demo', { clientKey: 'app-7f3a9c1e-0002', title: '另一件事' });
    expect(other.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('keys are per reporter: the same key from someone else is another report', async () => {
    const input = reportInput(world, { clientKey: 'shared-key-0003' });
    const workers = await report(api, 'worker.demo', input);
    const residents = await report(api, 'resident.demo', { ...input, source: 'RESIDENT_SELF_SERVICE' });
    expect(residents).not.toBe(workers);
    expect(numericId(residents)).toBeGreaterThan(numericId(workers));
  });
});
