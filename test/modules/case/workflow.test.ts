import { CaseDetailDocument, CaseStatisticsDocument, CaseStatisticsQuery } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import {
  caseRow,
  Command,
  demoWorld,
  DemoWorld,
  movedCase,
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

async function step(
  command: Command,
  id: string,
  username: string,
  expected: { status: string; holdingLevel: number },
) {
  const response = await run(api, command, id, username, { world });
  expect(response.errors).toBeUndefined();
  expect(movedCase(response)).toMatchObject(expected);
}

async function demoGridStatistics(): Promise<CaseStatisticsQuery['caseStatistics']> {
  const response = await api.request(
    CaseStatisticsDocument,
    { grid: world.grid.globalId },
    { token: await api.login('center.demo') },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.caseStatistics;
}

const part = (measure: { value?: number | null; basis?: number | null }) =>
  Math.round((measure.value ?? 0) * (measure.basis ?? 0));

describe('a department case from report to closing', () => {
  it('climbs every level, is dispatched to civil affairs, resolved there and verified on site', async () => {
    const before = await demoGridStatistics();
    const id = await report(
      api,
      'worker.demo',
      reportInput(world, { category: 'SOCIAL_ASSISTANCE', title: '独居老人申请临时救助' }),
    );
    await step('accept', id, 'worker.demo', { status: 'ACCEPTED', holdingLevel: 3 });
    await step('start', id, 'worker.demo', { status: 'IN_PROGRESS', holdingLevel: 3 });
    await step('escalate', id, 'worker.demo', { status: 'ESCALATED', holdingLevel: 2 });
    await step('start', id, 'leader.demo', { status: 'IN_PROGRESS', holdingLevel: 2 });
    await step('escalate', id, 'leader.demo', { status: 'ESCALATED', holdingLevel: 1 });
    await step('start', id, 'street.demo', { status: 'IN_PROGRESS', holdingLevel: 1 });
    await step('escalate', id, 'street.demo', { status: 'ESCALATED', holdingLevel: 0 });
    await step('dispatch', id, 'center.demo', { status: 'DISPATCHED', holdingLevel: 0 });
    await step('resolve', id, 'dept.demo', { status: 'RESOLVED', holdingLevel: 0 });
    await step('verify', id, 'worker.demo', { status: 'CLOSED', holdingLevel: 0 });

    const timeline = await timelineOf(api, id);
    expect(timeline.map((event) => `${event.action}:${event.to_status}:${event.actor_role}`)).toEqual([
      'report:REPORTED:GRID_WORKER',
      'accept:ACCEPTED:GRID_WORKER',
      'start:IN_PROGRESS:GRID_WORKER',
      'escalate:ESCALATED:GRID_WORKER',
      'start:IN_PROGRESS:GRID_LEADER',
      'escalate:ESCALATED:GRID_LEADER',
      'start:IN_PROGRESS:STREET_ADMIN',
      'escalate:ESCALATED:STREET_ADMIN',
      'dispatch:DISPATCHED:COMMAND_CENTER',
      'resolve:RESOLVED:DEPARTMENT_OFFICER',
      'verify:CLOSED:GRID_WORKER',
    ]);
    expect(timeline.slice(1).map((event) => event.from_status)).toEqual(
      timeline.slice(0, -1).map((event) => event.to_status),
    );

    const row = await caseRow(api, id);
    expect(row).toMatchObject({
      status: 'CLOSED',
      satisfaction: 5,
      department_id: world.civilAffairs,
      holding_level: 0,
    });
    for (const column of ['accepted_at', 'resolved_at', 'closed_at', 'dispatch_due_at'])
      expect(row[column]).toBeInstanceOf(Date);

    const after = await demoGridStatistics();
    expect(after.closed.count).toBe(before.closed.count! + 1);
    expect(after.reachedDistrict.basis).toBe(before.reachedDistrict.basis! + 1);
    expect(part(after.reachedDistrict)).toBe(part(before.reachedDistrict) + 1);
    expect(after.closedWithinStreet.basis).toBe(before.closedWithinStreet.basis! + 1);
    expect(part(after.closedWithinStreet)).toBe(part(before.closedWithinStreet));
    expect(part(after.closedWithinGrid)).toBe(part(before.closedWithinGrid));
  });

  it('goes back to the command centre when the department returns it, and on to the right department', async () => {
    const id = await report(api, 'worker.demo', reportInput(world, { category: 'SOCIAL_ASSISTANCE' }));
    await putInState(api, id, { status: 'ESCALATED', holdingLevel: 0 });
    await step('dispatch', id, 'center.demo', { status: 'DISPATCHED', holdingLevel: 0 });
    await step('return', id, 'dept.demo', { status: 'RETURNED', holdingLevel: 0 });
    expect(await caseRow(api, id)).toMatchObject({ department_id: null, dispatch_due_at: null });
    await step('dispatch', id, 'center.demo', { status: 'DISPATCHED', holdingLevel: 0 });
    const detail = await api.request(CaseDetailDocument, { id }, { token: await api.login('center.demo') });
    expect(detail.data?.case.department?.code).toBe('CIVIL_AFFAIRS');
    expect(detail.data?.case.timeline?.map((event) => event.action)).toEqual([
      'report',
      'dispatch',
      'return',
      'dispatch',
    ]);
    expect(detail.data?.case.timeline?.[2].note).toBe('不属于本部门职责');
  });
});

describe('a grid case', () => {
  it('is closed inside its level-3 grid and counts as 小事不出格', async () => {
    const before = await demoGridStatistics();
    const id = await report(api, 'resident.demo', reportInput(world, { source: 'RESIDENT_SELF_SERVICE' }));
    await step('accept', id, 'worker.demo', { status: 'ACCEPTED', holdingLevel: 3 });
    await step('start', id, 'worker.demo', { status: 'IN_PROGRESS', holdingLevel: 3 });
    await step('resolve', id, 'worker.demo', { status: 'RESOLVED', holdingLevel: 3 });
    await step('reopen', id, 'worker.demo', { status: 'REOPENED', holdingLevel: 3 });
    expect((await caseRow(api, id)).resolved_at).toBeNull();
    await step('start', id, 'worker.demo', { status: 'IN_PROGRESS', holdingLevel: 3 });
    await step('resolve', id, 'worker.demo', { status: 'RESOLVED', holdingLevel: 3 });
    await step('verify', id, 'worker.demo', { status: 'CLOSED', holdingLevel: 3 });
    const after = await demoGridStatistics();
    expect(part(after.closedWithinGrid)).toBe(part(before.closedWithinGrid) + 1);
    expect(part(after.closedWithinStreet)).toBe(part(before.closedWithinStreet) + 1);
    expect(after.reachedDistrict.basis).toBe(before.reachedDistrict.basis! + 1);
    expect(part(after.reachedDistrict)).toBe(part(before.reachedDistrict));
  });

  it('makes whoever accepts it its handler', async () => {
    const id = await report(api, 'worker.demo', reportInput(world));
    await step('accept', id, 'worker.demo', { status: 'ACCEPTED', holdingLevel: 3 });
    expect((await caseRow(api, id)).handler_id).toBe(world.workerDemoWorker);
  });
});

describe('the escalation chain', () => {
  it('goes 3 → 2 → 1 → command centre, and each level below loses the case', async () => {
    const id = await report(api, 'worker.demo', reportInput(world, { category: 'PETITION' }));
    await step('accept', id, 'worker.demo', { status: 'ACCEPTED', holdingLevel: 3 });
    await step('escalate', id, 'worker.demo', { status: 'ESCALATED', holdingLevel: 2 });
    expect((await run(api, 'start', id, 'worker.demo', { world })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await step('start', id, 'leader.demo', { status: 'IN_PROGRESS', holdingLevel: 2 });
    await step('escalate', id, 'leader.demo', { status: 'ESCALATED', holdingLevel: 1 });
    expect((await run(api, 'start', id, 'leader.demo', { world })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await step('start', id, 'street.demo', { status: 'IN_PROGRESS', holdingLevel: 1 });
    await step('escalate', id, 'street.demo', { status: 'ESCALATED', holdingLevel: 0 });
    expect((await run(api, 'start', id, 'street.demo', { world })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await step('start', id, 'center.demo', { status: 'IN_PROGRESS', holdingLevel: 0 });
    await step('resolve', id, 'center.demo', { status: 'RESOLVED', holdingLevel: 0 });
    expect((await caseRow(api, id)).handler_id).toBeNull();
  });
});
