import {
  AssignCaseHandlerDocument,
  CaseMoveInput,
  DispatchCaseDocument,
  RejectCaseDocument,
  ResolveCaseDocument,
  VerifyCaseDocument,
} from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import {
  caseRow,
  demoWorld,
  DemoWorld,
  errorCode,
  numericId,
  putInState,
  report,
  reportInput,
  run,
} from './case-support';

let api: TestApi;
let world: DemoWorld;
beforeAll(async () => {
  api = await startTestApi();
  world = await demoWorld(api);
});
afterAll(() => api.close());

async function caseIn(status: string, holdingLevel: number, category = 'SANITATION'): Promise<string> {
  const id = await report(api, 'worker.demo', reportInput(world, { category }));
  await putInState(api, id, { status, holdingLevel, category });
  return id;
}

const resolve = async (id: string, username: string) =>
  api.request(ResolveCaseDocument, { input: { id } satisfies CaseMoveInput }, { token: await api.login(username) });

describe('an illegal transition', () => {
  it('answers BAD_USER_INPUT naming the current state and the commands allowed from it', async () => {
    const id = await caseIn('IN_PROGRESS', 3);
    const response = await run(api, 'accept', id, 'worker.demo', { world });
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    const error = response.errors![0];
    expect(error.message).toContain('IN_PROGRESS');
    expect(error.message).toContain('resolve, escalate, dispatch, assign, supervise');
    expect(error.extensions).toMatchObject({
      currentStatus: 'IN_PROGRESS',
      command: 'accept',
      allowedCommands: ['resolve', 'escalate', 'dispatch', 'assign', 'supervise'],
    });
  });

  it('says that a closed case allows nothing more', async () => {
    const id = await caseIn('CLOSED', 3);
    const response = await run(api, 'reopen', id, 'worker.demo', { world });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      currentStatus: 'CLOSED',
      allowedCommands: [],
    });
  });
});

describe('the level that holds a case', () => {
  it('must escalate a category beyond it instead of resolving it', async () => {
    const petition = await caseIn('IN_PROGRESS', 3, 'PETITION');
    const response = await resolve(petition, 'worker.demo');
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0].message).toMatch(
      /PETITION is closed at level 1 .* held at level 3: it must be escalated/,
    );
    await putInState(api, petition, { status: 'IN_PROGRESS', holdingLevel: 1 });
    expect((await resolve(petition, 'street.demo')).data?.resolveCase.status).toBe('RESOLVED');
  });

  it("must send a department's category up to the command centre, which must dispatch it", async () => {
    const id = await caseIn('IN_PROGRESS', 3, 'ILLEGAL_BUILDING');
    expect((await resolve(id, 'worker.demo')).errors?.[0]?.message).toMatch(
      /handled by a department: the case must be escalated to the command centre/,
    );
    await putInState(api, id, { status: 'IN_PROGRESS', holdingLevel: 0 });
    expect((await resolve(id, 'center.demo')).errors?.[0]?.message).toMatch(
      /handled by a department: the case must be dispatched/,
    );
  });

  it('may close a smaller category than its own', async () => {
    const id = await caseIn('IN_PROGRESS', 2, 'SANITATION');
    expect((await resolve(id, 'leader.demo')).data?.resolveCase.status).toBe('RESOLVED');
  });

  it('dispatches only from the command centre', async () => {
    const id = await caseIn('ESCALATED', 1, 'ILLEGAL_BUILDING');
    const response = await run(api, 'dispatch', id, 'center.demo', { world });
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0].message).toContain('only a case escalated to the command centre can be dispatched');
  });

  it('supervises only overdue cases', async () => {
    const id = await caseIn('IN_PROGRESS', 3);
    const response = await run(api, 'supervise', id, 'center.demo', { world });
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0].message).toContain('only an overdue case is supervised');
  });
});

describe('command inputs', () => {
  it('needs the satisfaction to close and a note to reopen', async () => {
    const id = await caseIn('RESOLVED', 3);
    const token = await api.login('worker.demo');
    const closing = await api.request(VerifyCaseDocument, { input: { id, passed: true } }, { token });
    expect(closing.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'input.satisfaction',
    });
    const reopening = await api.request(VerifyCaseDocument, { input: { id, passed: false } }, { token });
    expect(reopening.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.note' });
    const tooHappy = await api.request(VerifyCaseDocument, { input: { id, passed: true, satisfaction: 6 } }, { token });
    expect(tooHappy.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooHappy.errors?.[0]?.extensions?.argumentName).toMatch(/satisfaction$/);
    expect((await caseRow(api, id)).status).toBe('RESOLVED');
  });

  it('refuses an unknown department and a deadline in the past, naming the argument', async () => {
    const id = await caseIn('ESCALATED', 0, 'SOCIAL_ASSISTANCE');
    const token = await api.login('center.demo');
    const dispatch = (department: string, dueAt: string) =>
      api.request(DispatchCaseDocument, { input: { id, department, dueAt } }, { token });
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await dispatch(globalId('Department', 99_999), future)).errors?.[0]?.extensions?.argumentName).toBe(
      'input.department',
    );
    expect((await dispatch(globalId('Grid', world.civilAffairs), future)).errors?.[0]?.extensions?.argumentName).toBe(
      'input.department',
    );
    const past = await dispatch(
      globalId('Department', world.civilAffairs),
      new Date(Date.now() - 60_000).toISOString(),
    );
    expect(past.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.dueAt' });
  });

  it('assigns only a worker of the case’s community', async () => {
    const id = await caseIn('IN_PROGRESS', 3);
    const [outsider] = await sql<{ id: number }>(
      api,
      `select id from worker where home_grid_path <> (select home_grid_path from worker where id = $1) order by id limit 1`,
      [world.workerDemoWorker],
    );
    const token = await api.login('street.demo');
    const response = await api.request(
      AssignCaseHandlerDocument,
      { input: { id, worker: globalId('Worker', outsider.id) } },
      { token },
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.worker' });
  });

  it('records the original of a duplicate, which must be another visible case', async () => {
    const original = await caseIn('IN_PROGRESS', 3);
    const id = await caseIn('REPORTED', 3);
    const token = await api.login('worker.demo');
    const reject = (duplicateOf: string) =>
      api.request(RejectCaseDocument, { input: { id, reason: '重复上报', duplicateOf } }, { token });
    expect((await reject(id)).errors?.[0]?.extensions?.argumentName).toBe('input.duplicateOf');
    const [foreign] = await sql<{ id: number }>(
      api,
      'select id from cases where grid_path like $1 order by id limit 1',
      [`${world.otherStreetGrid.path}%`],
    );
    expect((await reject(globalId('Case', foreign.id))).errors?.[0]?.extensions?.argumentName).toBe(
      'input.duplicateOf',
    );
    expect((await reject(original)).data?.rejectCase.status).toBe('REJECTED');
    expect((await caseRow(api, id)).duplicate_of_id).toBe(numericId(original));
  });
});

describe('a case outside the caller’s scope', () => {
  it('does not exist for the caller', async () => {
    const [foreign] = await sql<{ id: number }>(
      api,
      `select id from cases where grid_path like $1 and status = 'REPORTED' order by id limit 1`,
      [`${world.otherStreetGrid.path.split('/').slice(0, 3).join('/')}/%`],
    );
    const response = await run(api, 'accept', globalId('Case', foreign.id), 'worker.demo', { world });
    expect(errorCode(response)).toBe('NOT_FOUND');
    expect((await caseRow(api, globalId('Case', foreign.id))).status).toBe('REPORTED');
  });

  it('is refused as bad input when the id names another type', async () => {
    const response = await run(api, 'accept', globalId('Resident', 1), 'worker.demo', { world });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.id' });
  });
});
