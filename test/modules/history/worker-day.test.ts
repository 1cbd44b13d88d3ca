import {
  ChangesSinceDocument,
  ChangesSinceQuery,
  EndMembershipDocument,
  MoveResidentDocument,
  OverdueVisitsDocument,
  OverdueVisitsQuery,
  RecordVisitDocument,
  ResidentHistoryDocument,
  StartMembershipDocument,
  UpdateResidentDocument,
} from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { codeOf, newPerson, register, registryWorld, RegistryWorld } from '../resident/registry-support';

let api: TestApi;
let world: RegistryWorld;
beforeAll(async () => {
  api = await startTestApi();
  world = await registryWorld(api);
});
afterAll(() => api.close());

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

async function overdueIds(token: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null | undefined = null;
  do {
    const page: OverdueVisitsQuery['overdueVisits'] = (
      await api.request(OverdueVisitsDocument, { first: 500, after }, { token })
    ).data!.overdueVisits;
    ids.push(...page.items.map((item) => item.membership.id));
    after = page.hasMore ? page.endCursor : null;
  } while (after);
  return ids;
}

/** The app's first sync: page through everything in scope up to now, keeping the last cursor. */
async function caughtUp(token: string): Promise<string | null> {
  let since: string | null = null;
  for (;;) {
    const page: ChangesSinceQuery['changes'] = (
      await api.request(ChangesSinceDocument, { since, first: 500 }, { token })
    ).data!.changes;
    since = page.cursor ?? null;
    if (!page.hasMore) return since;
  }
}

describe("a grid worker's day, logged in as worker.demo", () => {
  it('registers, updates, keeps a membership and its visit, and syncs a move away', async () => {
    const token = await api.login('worker.demo');
    const registered = await register(api, 'worker.demo', newPerson(world.workerGrid.globalId));
    const resident = registered.data!.registerResident;

    const updated = await api.request(
      UpdateResidentDocument,
      { input: { id: resident.id, expectedVersion: resident.version, phone: '13700004444' } },
      { token },
    );
    expect(updated.data!.updateResident.version).toBe(2);
    const cursor = await caughtUp(token);

    const started = await api.request(
      StartMembershipDocument,
      { input: { resident: resident.id, category: 'ELDERLY_ALONE', since: daysAgo(30) } },
      { token },
    );
    expect(started.errors).toBeUndefined();
    const membership = started.data!.startMembership;
    expect(await overdueIds(token)).toContain(membership.id);

    const visit = await api.request(
      RecordVisitDocument,
      {
        input: {
          resident: resident.id,
          category: 'ELDERLY_ALONE',
          visitedAt: new Date().toISOString(),
          notes: '身体良好',
        },
      },
      { token },
    );
    expect(visit.errors).toBeUndefined();
    expect(await overdueIds(token)).not.toContain(membership.id);

    const ended = await api.request(
      EndMembershipDocument,
      { input: { id: membership.id, expectedVersion: 2, endedOn: daysAgo(0), reason: '子女接回同住' } },
      { token },
    );
    expect(ended.data?.endMembership).toMatchObject({ endedOn: daysAgo(0), endReason: '子女接回同住' });

    const history = await api.request(ResidentHistoryDocument, { id: resident.id }, { token });
    expect(history.data!.resident.history!.map((entry) => `${entry.entityType}:${entry.action}`)).toEqual([
      'Resident:REGISTER',
      'Resident:UPDATE',
      'ResidentCategory:START',
      'Visit:RECORD',
      'ResidentCategory:END',
    ]);

    const leader = await api.login('leader.demo');
    const moved = await api.request(
      MoveResidentDocument,
      { input: { id: resident.id, expectedVersion: 2, toGrid: world.communityGrid.globalId } },
      { token: leader },
    );
    expect(moved.errors).toBeUndefined();
    const sync = await api.request(ChangesSinceDocument, { since: cursor, first: 100 }, { token });
    const kinds = sync.data!.changes.items.map((item) => `${item.entry.entityType}:${item.kind}`);
    expect(kinds).toEqual([
      'ResidentCategory:CREATED',
      'Visit:CREATED',
      'ResidentCategory:UPDATED',
      'Resident:REMOVED',
    ]);
    expect(sync.data!.changes.items[3].resident).toBeNull();
    const leaderSync = await api.request(ChangesSinceDocument, { since: cursor, first: 100 }, { token: leader });
    expect(leaderSync.data!.changes.items.at(-1)).toMatchObject({ kind: 'UPDATED', resident: { id: resident.id } });
    // After the move the worker no longer reads the resident, nor its later history.
    const after = await api.request(ResidentHistoryDocument, { id: resident.id }, { token });
    expect(codeOf(after).code).toBe('NOT_FOUND');
  });
});
