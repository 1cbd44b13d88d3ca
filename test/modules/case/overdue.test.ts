import { CaseDetailDocument, OverdueCasesDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, scopePath, sql } from '../../support/sql';
import {
  demoWorld,
  DemoWorld,
  movedCase,
  numericId,
  putInState,
  report,
  reportInput,
  run,
  timelineOf,
} from './case-support';

let api: TestApi;
let world: DemoWorld;
beforeAll(async () => {
  api = await startTestApi();
  world = await demoWorld(api);
});
afterAll(() => api.close());

const OPEN = `status in ('REPORTED','ACCEPTED','IN_PROGRESS','ESCALATED','DISPATCHED','RETURNED','REOPENED')`;
const OVERDUE = `${OPEN} and (resolve_due_at < now() or (status = 'DISPATCHED' and dispatch_due_at < now()))`;

async function count(where: string, params: unknown[]): Promise<number> {
  const [row] = await sql<{ n: string }>(api, `select count(*) as n from cases where ${where}`, params);
  return Number(row.n);
}

/** The clock is the database's: a deadline moved into the past makes a case overdue now. */
async function pastDue(id: string, column: 'resolve_due_at' | 'dispatch_due_at'): Promise<void> {
  await sql(api, `update cases set ${column} = now() - interval '2 hours' where id = $1`, [numericId(id)]);
}

describe('overdue cases', () => {
  it('are flagged once a deadline has passed', async () => {
    const id = await report(api, 'worker.demo', reportInput(world));
    const token = await api.login('worker.demo');
    expect((await api.request(CaseDetailDocument, { id }, { token })).data?.case.overdue).toBe(false);
    await pastDue(id, 'resolve_due_at');
    expect((await api.request(CaseDetailDocument, { id }, { token })).data?.case.overdue).toBe(true);
  });

  it("count a department's passed deadline while it holds the case", async () => {
    const id = await report(api, 'worker.demo', reportInput(world, { category: 'SOCIAL_ASSISTANCE' }));
    await putInState(api, id, { status: 'DISPATCHED', holdingLevel: 0, department: world.civilAffairs });
    await sql(api, `update cases set dispatch_due_at = now() + interval '1 day' where id = $1`, [numericId(id)]);
    const token = await api.login('center.demo');
    expect((await api.request(CaseDetailDocument, { id }, { token })).data?.case.overdue).toBe(false);
    await pastDue(id, 'dispatch_due_at');
    expect((await api.request(CaseDetailDocument, { id }, { token })).data?.case.overdue).toBe(true);
  });

  it('are listed by grid subtree, and overdue: false lists the rest', async () => {
    await pastDue(await report(api, 'worker.demo', reportInput(world)), 'resolve_due_at');
    const token = await api.login('street.demo');
    const street = await scopePath(api, 'street.demo');
    const [community] = await sql<{ id: number; path: string }>(
      api,
      'select id, path from grid where id = (select parent_id from grid where id = $1)',
      [world.grid.id],
    );
    const filter = { grid: globalId('Grid', community.id) };
    const overdue = await api.request(OverdueCasesDocument, { filter: { ...filter, overdue: true } }, { token });
    const onTime = await api.request(OverdueCasesDocument, { filter: { ...filter, overdue: false } }, { token });
    const all = await api.request(OverdueCasesDocument, { filter }, { token });
    const expected = await count(`grid_path like $1 and grid_path like $2 and ${OVERDUE}`, [
      `${community.path}%`,
      `${street}%`,
    ]);
    expect(expected).toBeGreaterThan(0);
    expect(overdue.data?.cases.totalCount).toBe(expected);
    expect(overdue.data?.cases.nodes.every((node) => node.overdue)).toBe(true);
    expect(onTime.data?.cases.nodes.some((node) => node.overdue)).toBe(false);
    expect(overdue.data!.cases.totalCount + onTime.data!.cases.totalCount).toBe(all.data!.cases.totalCount);
  });

  it('are listed by department, for the command centre and for the department itself', async () => {
    const id = await report(api, 'worker.demo', reportInput(world, { category: 'SOCIAL_ASSISTANCE' }));
    await putInState(api, id, { status: 'DISPATCHED', holdingLevel: 0, department: world.civilAffairs });
    await pastDue(id, 'dispatch_due_at');
    const filter = { department: globalId('Department', world.civilAffairs), overdue: true };
    const centre = await api.request(OverdueCasesDocument, { filter }, { token: await api.login('center.demo') });
    expect(centre.data?.cases.totalCount).toBe(await count(`department_id = $1 and ${OVERDUE}`, [world.civilAffairs]));
    const department = await api.request(OverdueCasesDocument, { filter }, { token: await api.login('dept.demo') });
    expect(department.data?.cases.totalCount).toBe(
      await count(`department_id = $1 and status = 'DISPATCHED' and ${OVERDUE}`, [world.civilAffairs]),
    );
    expect(department.data?.cases.nodes.map((node) => node.id)).toContain(id);
  });
});

describe('督办 (supervision)', () => {
  it('puts a note on the timeline of an overdue case without moving it', async () => {
    const id = await report(api, 'worker.demo', reportInput(world));
    await putInState(api, id, { status: 'IN_PROGRESS', holdingLevel: 3 });
    await pastDue(id, 'resolve_due_at');
    const response = await run(api, 'supervise', id, 'center.demo', { world });
    expect(movedCase(response)).toMatchObject({ status: 'IN_PROGRESS', holdingLevel: 3 });
    const last = (await timelineOf(api, id)).pop();
    expect(last).toEqual({
      action: 'supervise',
      from_status: 'IN_PROGRESS',
      to_status: 'IN_PROGRESS',
      actor_role: 'COMMAND_CENTER',
      note: '请加快办理',
    });
  });
});
