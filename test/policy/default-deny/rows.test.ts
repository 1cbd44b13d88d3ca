import { startTestApi, TestApi } from '../../support/api';
import { assignedPaths, scopePath, sql } from '../../support/sql';
import { ask, codeOf, idOf } from './support';

/**
 * Rows outside the caller's scope do not exist for it, whatever type they are and however they are reached:
 * the records that belong to a resident, a case or a worker are scoped by their owner.
 */
describe('default deny for rows', () => {
  let api: TestApi;
  let workerGrid: string;
  let leaderCommunity: string;
  const NODE = 'query N($id: ID!) { node(id: $id) { id __typename } }';

  beforeAll(async () => {
    api = await startTestApi();
    [workerGrid] = await assignedPaths(api, 'worker.demo');
    leaderCommunity = await scopePath(api, 'leader.demo');
  });
  afterAll(() => api.close());

  it("keeps another street's restricted membership out of node(id:), like its resident", async () => {
    const id = await idOf(
      api,
      'ResidentCategory',
      `select m.id from resident_category m join special_category c on c.id = m.category_id
        join resident r on r.id = m.resident_id
       where c.security_label = 'RESTRICTED' and r.grid_path not like $1 order by m.id limit 1`,
      [`${leaderCommunity}%`],
    );
    const answer = await ask(
      api,
      'worker.demo',
      `query N($id: ID!) { node(id: $id) { ... on ResidentCategory { details } } }`,
      { id },
    );
    expect(codeOf(answer)).toBe('NOT_FOUND');
    expect(answer.data).toBeNull();
  });

  it.each([
    [
      'CaseEvent',
      'select e.id from case_event e join cases c on c.id = e.case_id where c.grid_path not like $1 limit 1',
      'worker.demo',
    ],
    [
      'Assessment',
      'select a.id from assessment a join worker w on w.id = a.worker_id where w.home_grid_path not like $1 limit 1',
      'leader.demo',
    ],
    [
      'TrainingRecord',
      'select t.id from training_record t join worker w on w.id = t.worker_id where w.home_grid_path not like $1 limit 1',
      'leader.demo',
    ],
    [
      'GridAssignment',
      'select a.id from grid_assignment a join worker w on w.id = a.worker_id where w.home_grid_path not like $1 limit 1',
      'leader.demo',
    ],
  ])('keeps %s of rows outside the scope out of node(id:)', async (type, query, username) => {
    const id = await idOf(api, type, query, [`${leaderCommunity}%`]);
    expect(codeOf(await ask(api, username, NODE, { id }))).toBe('NOT_FOUND');
  });

  it("answers a worker's own grid's records through node(id:)", async () => {
    const id = await idOf(
      api,
      'ResidentCategory',
      'select m.id from resident_category m join resident r on r.id = m.resident_id where r.grid_path like $1 limit 1',
      [`${workerGrid}%`],
    );
    const answer = await ask(api, 'worker.demo', NODE, { id });
    expect(answer.errors).toBeUndefined();
    expect((answer.data?.node as { __typename: string }).__typename).toBe('ResidentCategory');
  });

  it("keeps memberships and households outside the delegation's subtree from the department", async () => {
    const [delegation] = await sql<{ path: string }>(
      api,
      "select g.path from delegation d join grid g on g.id = d.grid_id where d.purpose_code = 'WELFARE_CHECK'",
    );
    const outside = [`${delegation.path}%`];
    const membership = await idOf(
      api,
      'ResidentCategory',
      `select m.id from resident_category m join special_category c on c.id = m.category_id
        join resident r on r.id = m.resident_id where c.code = 'ELDERLY_ALONE' and r.grid_path not like $1 limit 1`,
      outside,
    );
    const household = await idOf(
      api,
      'Household',
      'select id from household where grid_path not like $1 limit 1',
      outside,
    );
    const purpose = { 'x-access-purpose': 'WELFARE_CHECK' };
    for (const id of [membership, household])
      expect(codeOf(await ask(api, 'dept.demo', NODE, { id }, purpose))).toBe('NOT_FOUND');
  });
});
