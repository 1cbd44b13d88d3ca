import {
  EndMembershipDocument,
  OverdueVisitsDocument,
  RecordVisitDocument,
  ResidentHistoryDocument,
  StartMembershipDocument,
  UpdateMembershipDocument,
} from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import { codeOf, newPerson, register, registryWorld, RegistryWorld } from './registry-support';

let api: TestApi;
let world: RegistryWorld;
let resident: string;
beforeAll(async () => {
  api = await startTestApi();
  world = await registryWorld(api);
  resident = (await register(api, 'worker.demo', newPerson(world.workerGrid.globalId))).data!.registerResident.id;
});
afterAll(() => api.close());

const as = async (username: string) => ({ token: await api.login(username) });
const start = async (username: string, category: string, details?: Record<string, unknown>) =>
  api.request(
    StartMembershipDocument,
    { input: { resident, category, since: '2026-01-05', details } },
    await as(username),
  );

describe('memberships', () => {
  it('lets the leader start a restricted membership with T4 details; its history is masked for the leader', async () => {
    const [{ code }] = await sql<{ code: string }>(
      api,
      `select code from special_category where security_label = 'RESTRICTED' order by id limit 1`,
    );
    const started = await start('leader.demo', code, { diagnosis: 'F20' });
    expect(started.errors).toBeUndefined();
    const history = await api.request(ResidentHistoryDocument, { id: resident }, await as('leader.demo'));
    const entry = history.data!.resident.history!.find((e) => e.entityType === 'ResidentCategory')!;
    expect(entry.changes!.find((c) => c.field === 'details')).toMatchObject({ access: 'MASKED', new: null });
    const worker = await api.request(ResidentHistoryDocument, { id: resident }, await as('worker.demo'));
    const seen = worker.data!.resident.history!.find((e) => e.entityType === 'ResidentCategory')!;
    expect(seen.changes!.find((c) => c.field === 'details')).toMatchObject({
      access: 'FULL',
      new: { diagnosis: 'F20' },
    });
    const street = await api.request(ResidentHistoryDocument, { id: resident }, await as('street.demo'));
    expect(street.data!.resident.history!.some((e) => e.entityType === 'ResidentCategory')).toBe(false);
  });

  it('refuses the street admin (FORBIDDEN), a second current membership (CONFLICT), an unknown category', async () => {
    expect(codeOf(await start('street.demo', 'LEFT_BEHIND_CHILD')).code).toBe('FORBIDDEN');
    expect(codeOf(await start('center.demo', 'LEFT_BEHIND_CHILD')).code).toBe('FORBIDDEN');
    expect((await start('worker.demo', 'LEFT_BEHIND_CHILD')).errors).toBeUndefined();
    expect(codeOf(await start('worker.demo', 'LEFT_BEHIND_CHILD'))).toEqual({
      code: 'CONFLICT',
      argumentName: 'input.category',
    });
    expect(codeOf(await start('worker.demo', 'NO_SUCH'))).toEqual({
      code: 'BAD_USER_INPUT',
      argumentName: 'input.category',
    });
  });

  it('updates details and ends with a reason; a stale version or an end before the start is refused', async () => {
    const started = (await start('worker.demo', 'ELDERLY_ALONE')).data!.startMembership;
    const token = await as('worker.demo');
    const update = await api.request(
      UpdateMembershipDocument,
      { input: { id: started.id, expectedVersion: 1, details: { carer: '邻居' } } },
      token,
    );
    expect(update.data?.updateMembership).toMatchObject({ version: 2, details: { carer: '邻居' } });
    const stale = await api.request(
      EndMembershipDocument,
      { input: { id: started.id, expectedVersion: 1, endedOn: '2026-02-01', reason: '迁出' } },
      token,
    );
    expect(codeOf(stale)).toEqual({ code: 'CONFLICT', argumentName: 'input.expectedVersion' });
    const early = await api.request(
      EndMembershipDocument,
      { input: { id: started.id, expectedVersion: 2, endedOn: '2025-12-01', reason: '迁出' } },
      token,
    );
    expect(codeOf(early)).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'input.endedOn' });
    const street = await api.request(
      EndMembershipDocument,
      { input: { id: started.id, expectedVersion: 2, endedOn: '2026-02-01', reason: '迁出' } },
      await as('street.demo'),
    );
    expect(codeOf(street).code).toBe('FORBIDDEN');
    const ended = await api.request(
      EndMembershipDocument,
      { input: { id: started.id, expectedVersion: 2, endedOn: '2026-02-01', reason: '迁出' } },
      token,
    );
    expect(ended.data?.endMembership).toMatchObject({ endedOn: '2026-02-01', endReason: '迁出' });
    // The ended membership stays, and the person may join the category again.
    expect((await start('worker.demo', 'ELDERLY_ALONE')).errors).toBeUndefined();
  });
});

describe('visits', () => {
  const visit = async (username: string, overrides: Record<string, unknown> = {}) =>
    api.request(
      RecordVisitDocument,
      { input: { resident, visitedAt: new Date().toISOString(), notes: '例行走访', ...overrides } },
      await as(username),
    );

  it('records a visit for the worker and the leader, and refuses the street admin', async () => {
    expect((await visit('worker.demo')).errors).toBeUndefined();
    expect((await visit('leader.demo')).errors).toBeUndefined();
    expect(codeOf(await visit('street.demo')).code).toBe('FORBIDDEN');
  });

  it('refuses a future time and a category the resident is no member of, naming the argument', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(codeOf(await visit('worker.demo', { visitedAt: future })).argumentName).toBe('input.visitedAt');
    expect(codeOf(await visit('worker.demo', { category: 'DRUG_USER_NOPE' })).argumentName).toBe('input.category');
  });

  it('lists overdue visits for worker and leader, most overdue first; not for the street', async () => {
    const page = await api.request(OverdueVisitsDocument, { first: 50 }, await as('worker.demo'));
    const days = page.data!.overdueVisits.items.map((item) => item.daysOverdue);
    expect(days.length).toBeGreaterThan(0);
    expect([...days].sort((a, b) => b - a)).toEqual(days);
    expect(days.every((d) => d > 0)).toBe(true);
    const street = await api.request(OverdueVisitsDocument, { first: 5 }, await as('street.demo'));
    expect(codeOf(street).code).toBe('FORBIDDEN');
  });
});
