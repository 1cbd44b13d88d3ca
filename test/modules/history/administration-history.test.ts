import {
  AssignWorkerDocument,
  ChangesSinceDocument,
  ChangesSinceQuery,
  CreateUserDocument,
  EndAssignmentDocument,
  RecordAssessmentDocument,
  UpdateGridDocument,
  UpdateUserDocument,
} from '../../generated/graphql';
import { GraphQLResponse, startTestApi, TestApi } from '../../support/api';
import { globalId, scopePath, sql } from '../../support/sql';

type Entry = ChangesSinceQuery['changes']['items'][number]['entry'];

let api: TestApi;
let community: string;
/** A level-3 grid of leader.demo's community, and a colleague of worker.demo living there. */
let grid: { id: number; path: string; name: string; version: number };
let colleague: number;
let demoWorker: number;

beforeAll(async () => {
  api = await startTestApi();
  community = await scopePath(api, 'leader.demo');
  [grid] = await sql(api, 'select id, path, name, version from grid where level = 3 and path like $1 order by id', [
    `${community}%`,
  ]);
  const [demo] = await sql<{ id: number }>(api, "select worker_id as id from app_user where username = 'worker.demo'");
  demoWorker = demo.id;
  const [other] = await sql<{ id: number }>(
    api,
    'select id from worker where home_grid_path = $1 and id <> $2 order by id limit 1',
    [community, demoWorker],
  );
  colleague = other.id;
});
afterAll(() => api.close());

const code = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;

/** Where the history stands now: entries written after it are the ones a command made. */
async function mark(): Promise<string> {
  const [row] = await sql<{ id: string }>(api, 'select coalesce(max(id), 0)::text as id from change_entry');
  return `c${row.id}`;
}

async function entriesSince(username: string, since: string): Promise<Entry[]> {
  const token = await api.login(username);
  const feed = await api.request(ChangesSinceDocument, { since, first: 100 }, { token });
  expect(feed.errors).toBeUndefined();
  return feed.data!.changes.items.map((item) => item.entry);
}

async function countSince(since: string): Promise<number> {
  const [row] = await sql<{ n: string }>(api, 'select count(*) as n from change_entry where id > $1', [since.slice(1)]);
  return Number(row.n);
}

const changeOf = (entry: Entry, field: string) => entry.changes?.find((change) => change.field === field);

describe('the change history of administrative and worker records', () => {
  it('createUser and updateUser: one entry each, read by the district admin and the privacy officer only', async () => {
    const admin = await api.login('admin.demo');
    const since = await mark();
    const input = {
      username: 'history.worker',
      displayName: '网格员历史',
      password: 'a-secret-password-42',
      role: 'GRID_WORKER' as const,
      newWorker: {
        gender: 'FEMALE' as const,
        workPhone: '0371-6000001',
        background: 'VOLUNTEER' as const,
        homeGrid: globalId('Grid', Number((await sql(api, 'select id from grid where path = $1', [community]))[0].id)),
      },
    };
    const created = await api.request(CreateUserDocument, { input }, { token: admin });
    expect(created.errors).toBeUndefined();
    const user = created.data!.createUser;

    const [entry] = await entriesSince('privacy.demo', since);
    expect(entry).toMatchObject({ entityType: 'User', entityId: user.id, action: 'CREATE', basis: 'ROLE_SCOPE' });
    expect(entry.actorUsername).toBe('admin.demo');
    expect(changeOf(entry, 'username')).toMatchObject({ old: null, new: 'history.worker', access: 'FULL' });
    expect(changeOf(entry, 'role')).toMatchObject({ new: 'GRID_WORKER' });
    expect(changeOf(entry, 'worker')?.new).toBe(user.worker!.id);
    expect(changeOf(entry, 'password')).toBeUndefined();
    expect((await entriesSince('admin.demo', since)).map((e) => e.id)).toEqual([entry.id]);
    for (const other of ['leader.demo', 'street.demo', 'worker.demo'])
      expect(await entriesSince(other, since)).toEqual([]);

    const afterCreate = await mark();
    const updated = await api.request(
      UpdateUserDocument,
      {
        input: { id: user.id, expectedVersion: user.version, displayName: '网格员新名', password: 'another-secret-77' },
      },
      { token: admin },
    );
    expect(updated.errors).toBeUndefined();
    const [update] = await entriesSince('admin.demo', afterCreate);
    expect(update).toMatchObject({ entityType: 'User', action: 'UPDATE' });
    expect(changeOf(update, 'displayName')).toMatchObject({ old: '网格员历史', new: '网格员新名' });
    // That the password changed is kept; its value, clear or hashed, never is.
    expect(changeOf(update, 'password')).toMatchObject({ old: null, new: null });
    const stored = await sql<{ changes: string }>(api, 'select changes::text from change_entry where id > $1', [
      since.slice(1),
    ]);
    const [{ hash }] = await sql<{ hash: string }>(api, 'select password_hash as hash from app_user where id = $1', [
      Number(Buffer.from(user.id, 'base64url').toString().split(':')[1]),
    ]);
    for (const row of stored) {
      expect(row.changes).not.toContain('secret');
      expect(row.changes).not.toContain(hash);
    }
  });

  it('a refused or failed createUser leaves no entry', async () => {
    const since = await mark();
    const refused = await api.request(
      CreateUserDocument,
      { input: { username: 'not.created', displayName: '无', password: 'a-long-password-1', role: 'RESIDENT' } },
      { token: await api.login('leader.demo') },
    );
    expect(code(refused)).toBe('FORBIDDEN');
    const failed = await api.request(
      CreateUserDocument,
      { input: { username: 'no.scope', displayName: '无', password: 'a-long-password-1', role: 'GRID_LEADER' } },
      { token: await api.login('admin.demo') },
    );
    expect(code(failed)).toBe('BAD_USER_INPUT');
    expect(await countSince(since)).toBe(0);
    expect(await sql(api, "select id from app_user where username in ('not.created', 'no.scope')")).toEqual([]);
  });

  it('assignWorker and endAssignment are recorded where the worker is: its leader reads them, a colleague not', async () => {
    const leader = await api.login('leader.demo');
    const since = await mark();
    const assigned = await api.request(
      AssignWorkerDocument,
      { input: { worker: globalId('Worker', colleague), grid: globalId('Grid', grid.id), role: 'GRID_WORKER' } },
      { token: leader },
    );
    expect(assigned.errors).toBeUndefined();
    const assignment = assigned.data!.assignWorker;
    const [entry] = await entriesSince('leader.demo', since);
    expect(entry).toMatchObject({ entityType: 'GridAssignment', entityId: assignment.id, action: 'START' });
    expect(entry.actorUsername).toBe('leader.demo');
    expect(changeOf(entry, 'grid')?.new).toBe(globalId('Grid', grid.id));
    expect(changeOf(entry, 'validFrom')?.new).toBe(assignment.validFrom);
    expect((await entriesSince('admin.demo', since)).map((e) => e.id)).toEqual([entry.id]);
    for (const other of ['worker.demo', 'privacy.demo']) expect(await entriesSince(other, since)).toEqual([]);

    const again = await api.request(
      AssignWorkerDocument,
      { input: { worker: globalId('Worker', colleague), grid: globalId('Grid', grid.id), role: 'GRID_WORKER' } },
      { token: leader },
    );
    expect(code(again)).toBe('CONFLICT');
    expect(await countSince(since)).toBe(1);

    const ended = await api.request(EndAssignmentDocument, { id: assignment.id, lastDay: null }, { token: leader });
    expect(ended.errors).toBeUndefined();
    const end = (await entriesSince('leader.demo', since)).find((e) => e.action === 'END')!;
    expect(changeOf(end, 'validUntil')).toMatchObject({ old: null, new: ended.data!.endAssignment.validUntil });
  });

  it('updateGrid is recorded in the grid: its community reads it, the privacy officer not', async () => {
    const admin = await api.login('admin.demo');
    const since = await mark();
    const stale = await api.request(
      UpdateGridDocument,
      { input: { id: globalId('Grid', grid.id), expectedVersion: grid.version + 5, name: '旧版本' } },
      { token: admin },
    );
    expect(code(stale)).toBe('CONFLICT');
    expect(await countSince(since)).toBe(0);

    const input = { id: globalId('Grid', grid.id), expectedVersion: grid.version, name: `${grid.name}（新）` };
    const updated = await api.request(UpdateGridDocument, { input }, { token: admin });
    expect(updated.errors).toBeUndefined();
    const [entry] = await entriesSince('leader.demo', since);
    expect(entry).toMatchObject({
      entityType: 'Grid',
      entityId: input.id,
      action: 'UPDATE',
      actorRole: 'DISTRICT_ADMIN',
    });
    expect(entry.changes).toEqual([{ field: 'name', old: grid.name, new: input.name, access: 'FULL' }]);
    expect(await entriesSince('privacy.demo', since)).toEqual([]);
  });

  it('recordAssessment is read by the leader and the street in clear, not by a worker or the privacy officer', async () => {
    const leader = await api.login('leader.demo');
    const since = await mark();
    const assessed = {
      worker: globalId('Worker', colleague),
      period: '2026-10',
      leaderNomination: 91,
      communityScore: 88,
    };
    const recorded = await api.request(RecordAssessmentDocument, { input: assessed }, { token: leader });
    expect(recorded.errors).toBeUndefined();
    for (const reader of ['leader.demo', 'street.demo', 'admin.demo']) {
      const [entry] = await entriesSince(reader, since);
      expect(entry).toMatchObject({ entityType: 'Assessment', action: 'RECORD', actorUsername: 'leader.demo' });
      expect(changeOf(entry, 'leaderNomination')).toMatchObject({ old: null, new: 91, access: 'FULL' });
      expect(changeOf(entry, 'communityScore')).toMatchObject({ old: null, new: 88, access: 'FULL' });
    }
    for (const other of ['worker.demo', 'privacy.demo']) expect(await entriesSince(other, since)).toEqual([]);

    const stale = await api.request(
      RecordAssessmentDocument,
      { input: { ...assessed, leaderNomination: 10, expectedVersion: 99 } },
      { token: leader },
    );
    expect(code(stale)).toBe('CONFLICT');
    expect(await countSince(since)).toBe(1);
  });
});
