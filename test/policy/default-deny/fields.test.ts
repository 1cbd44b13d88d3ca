import { RESTRICTED_TEXT } from '../../../src/policy/masking';
import { startTestApi, TestApi } from '../../support/api';
import { assignedPaths, globalId, sql } from '../../support/sql';
import { ask, codeOf, deniedEntries } from './support';

/**
 * A value whose tier rises with its row carries the rise wherever it appears, and a filter on a value reads
 * that value: a leader, who sees restricted memberships masked, gets them masked under visits and dates too,
 * and cannot ask for the members of a restricted category.
 */
describe('default deny for fields and filters', () => {
  let api: TestApi;
  let resident: number;
  const RESTRICTED = 'SEVERE_MENTAL_DISORDER';

  beforeAll(async () => {
    api = await startTestApi();
    // A resident of worker.demo's grid, inside leader.demo's community.
    const [workerGrid] = await assignedPaths(api, 'worker.demo');
    [{ id: resident }] = await sql<{ id: number }>(
      api,
      'select id from resident where grid_path like $1 order by id limit 1',
      [`${workerGrid}%`],
    );
    const [{ id: category }] = await sql<{ id: number }>(api, 'select id from special_category where code = $1', [
      RESTRICTED,
    ]);
    await sql(
      api,
      `insert into resident_category (resident_id, category_id, since, last_visit_on) values ($1, $2, '2023-04-01', '2026-11-20')
       on conflict (resident_id, category_id) where ended_on is null do update set since = excluded.since, last_visit_on = excluded.last_visit_on`,
      [resident, category],
    );
    await sql(
      api,
      `insert into visit (worker_id, resident_id, category_id, grid_id, grid_path, visited_at, notes)
       select w.id, r.id, $2, r.grid_id, r.grid_path, now(), 'stable, took medication'
         from resident r, worker w where r.id = $1 order by w.id limit 1`,
      [resident, category],
    );
  });
  afterAll(() => api.close());

  const MEMBERSHIPS = `query R($id: ID!) { resident(id: $id) {
    categories { since lastVisitOn category { code } }
    visits { notes visitedAt category { code } } } }`;

  it('masks the dates, the category and the visits of a restricted membership for a leader', async () => {
    const answer = await ask(api, 'leader.demo', MEMBERSHIPS, { id: globalId('Resident', resident) });
    const data = answer.data?.resident as {
      categories: { since: string; lastVisitOn: string; category: unknown }[];
      visits: { notes: string; category: unknown }[];
    };
    const restricted = data.categories.filter((m) => m.since === RESTRICTED_TEXT);
    expect(restricted).toHaveLength(1);
    expect(restricted[0]).toEqual({ since: RESTRICTED_TEXT, lastVisitOn: RESTRICTED_TEXT, category: null });
    const visit = data.visits.find((v) => v.notes === RESTRICTED_TEXT);
    expect(visit).toMatchObject({ notes: RESTRICTED_TEXT, category: null });
    expect(JSON.stringify(answer)).not.toContain(RESTRICTED);
    expect(JSON.stringify(answer)).not.toContain('2023-04-01');
    expect(answer.extensions?.masked?.some((path) => path.endsWith('.since'))).toBe(true);
  });

  it('gives the same to the worker of the grid in clear', async () => {
    const answer = await ask(api, 'worker.demo', MEMBERSHIPS, { id: globalId('Resident', resident) });
    expect(answer.errors).toBeUndefined();
    expect(JSON.stringify(answer)).not.toContain(RESTRICTED_TEXT);
    expect(JSON.stringify(answer)).toContain(RESTRICTED);
    expect(JSON.stringify(answer)).toContain('2023-04-01');
  });
  const MEMBERS = 'query M($c: String!) { residents(filter: { category: $c }) { totalCount } }';

  it('refuses filtering on a restricted category to a leader and logs the refusal', async () => {
    const answer = await ask(api, 'leader.demo', MEMBERS, { c: RESTRICTED });
    expect(codeOf(answer)).toBe('FORBIDDEN');
    expect(answer.errors?.[0]?.extensions?.argumentName).toBe('filter.category');
    expect(answer.data).toBeNull();
    const [entry] = await deniedEntries(api, 'leader.demo');
    expect(entry).toMatchObject({ entity_type: 'ResidentCategory' });
  });

  it('answers the same filter to the worker, who may read the membership', async () => {
    const answer = await ask(api, 'worker.demo', MEMBERS, { c: RESTRICTED });
    expect(answer.errors).toBeUndefined();
  });

  it('refuses a department a category its delegation does not include', async () => {
    const purpose = { 'x-access-purpose': 'WELFARE_CHECK' };
    const refused = await ask(api, 'dept.demo', MEMBERS, { c: 'DISABLED' }, purpose);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    const allowed = await ask(api, 'dept.demo', MEMBERS, { c: 'ELDERLY_ALONE' }, purpose);
    expect(allowed.errors).toBeUndefined();
  });

  it('refuses an unknown category as bad input naming the argument', async () => {
    const answer = await ask(api, 'worker.demo', MEMBERS, { c: 'NO_SUCH' });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.category' });
  });

  it("refuses a resident filtering the access log on a reader's person", async () => {
    const answer = await ask(
      api,
      'resident.demo',
      'query L($a: ID!) { accessLogs(filter: { actor: $a }) { totalCount } }',
      {
        a: globalId('User', 1),
      },
    );
    expect(codeOf(answer)).toBe('FORBIDDEN');
    const own = await ask(api, 'resident.demo', '{ accessLogs { totalCount } }');
    expect(own.errors).toBeUndefined();
  });
});
