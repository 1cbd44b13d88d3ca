import { startTestApi, TestApi } from '../../support/api';
import { assignedPaths, globalId, sql } from '../../support/sql';
import { ask, codeOf, deniedEntries } from './support';

/** Every refusal leaves a DENIED entry, and emergency access stays the narrow, reasoned grant it must be. */
describe('refusals and emergency access', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const period = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
  it.each([
    [
      'verifyAccessLog',
      'query V($from: DateTimeISO!, $to: DateTimeISO!) { verifyAccessLog(from: $from, to: $to) { ok } }',
      period,
    ],
    [
      'accessLogStatistics',
      'query S($from: DateTimeISO!, $to: DateTimeISO!) { accessLogStatistics(from: $from, to: $to) { entries } }',
      period,
    ],
    ['whoReadMyRecord', '{ whoReadMyRecord { totalCount } }', {}],
  ])('logs a refused %s as DENIED', async (_name, query, variables) => {
    const before = (await deniedEntries(api, 'worker.demo')).length;
    const answer = await ask(api, 'worker.demo', query, variables);
    expect(codeOf(answer)).toBe('FORBIDDEN');
    expect((await deniedEntries(api, 'worker.demo')).length).toBe(before + 1);
  });

  it('logs a refused dispatchCase as DENIED and changes nothing', async () => {
    const [workerGrid] = await assignedPaths(api, 'worker.demo');
    const [kase] = await sql<{ id: number; status: string; version: number }>(
      api,
      'select id, status, version from cases where grid_path like $1 order by id limit 1',
      [`${workerGrid}%`],
    );
    const [department] = await sql<{ id: number }>(api, 'select id from department order by id limit 1');
    const input = {
      id: globalId('Case', kase.id),
      department: globalId('Department', department.id),
      dueAt: '2027-01-01T00:00:00Z',
    };
    const answer = await ask(
      api,
      'worker.demo',
      'mutation D($input: DispatchCaseInput!) { dispatchCase(input: $input) { id } }',
      { input },
    );
    expect(codeOf(answer)).toBe('FORBIDDEN');
    const [entry] = await deniedEntries(api, 'worker.demo');
    expect(entry.entity_type).toBe('Case');
    const [after] = await sql<{ status: string; version: number }>(
      api,
      'select status, version from cases where id = $1',
      [kase.id],
    );
    expect(after).toEqual({ status: kase.status, version: kase.version });
  });

  const OPEN = 'mutation O($input: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $input) { id } }';
  const gridAt = async (level: number) =>
    globalId(
      'Grid',
      (await sql<{ id: number }>(api, 'select id from grid where level = $1 order by id limit 1', [level]))[0].id,
    );

  it('refuses a reason of blanks or too short, naming it, and opens nothing', async () => {
    const grid = await gridAt(3);
    for (const reason of ['          ', '  short   ']) {
      const answer = await ask(api, 'leader.demo', OPEN, { input: { grid, reason } });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.reason' });
    }
    expect(
      await sql(
        api,
        "select 1 from emergency_access e join app_user u on u.id = e.user_id where u.username = 'leader.demo'",
      ),
    ).toHaveLength(0);
  });

  it.each([0, 1, 2])('refuses a grid of level %i (the root, a street, a community)', async (level) => {
    const answer = await ask(api, 'leader.demo', OPEN, {
      input: { grid: await gridAt(level), reason: 'Fire alarm in the building, resident unreachable' },
    });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.grid' });
  });

  it('refuses a grid grant over an open resident grant, and a second one on the same grid', async () => {
    const [grid] = await sql<{ id: number; path: string }>(
      api,
      'select id, path from grid where level = 3 order by id desc limit 1',
    );
    const [resident] = await sql<{ id: number }>(api, 'select id from resident where grid_path like $1 limit 1', [
      `${grid.path}%`,
    ]);
    const reason = 'Neighbour reports smoke from the flat, no answer';
    const first = await ask(api, 'worker.demo', OPEN, {
      input: { resident: globalId('Resident', resident.id), reason },
    });
    expect(first.errors).toBeUndefined();
    const over = await ask(api, 'worker.demo', OPEN, { input: { grid: globalId('Grid', grid.id), reason } });
    expect(codeOf(over)).toBe('CONFLICT');
  });
});
