import {
  AllMyResidentsDocument,
  AssignWorkerDocument,
  CreateUserDocument,
  CreateUserInput,
  DisableUserDocument,
  EndAssignmentDocument,
  MyScopeDocument,
  ResidentsInGridDocument,
  UpdateUserDocument,
  UsersDocument,
} from '../../generated/graphql';
import { GraphQLResponse, startTestApi, TestApi } from '../../support/api';
import { globalId, scopePath, sql } from '../../support/sql';

let api: TestApi;
let community: { id: number; path: string };
/** Two level-3 grids of leader.demo's community, and one of another street. */
let gridA: { id: number; path: string };
let gridB: { id: number; path: string };
let foreign: { id: number; path: string };

beforeAll(async () => {
  api = await startTestApi();
  const path = await scopePath(api, 'leader.demo');
  [community] = await sql(api, 'select id, path from grid where path = $1', [path]);
  [gridA, gridB] = await sql(api, 'select id, path from grid where level = 3 and path like $1 order by id limit 2', [
    `${path}%`,
  ]);
  [foreign] = await sql(api, 'select id, path from grid where level = 3 and path not like $1 order by id limit 1', [
    `${await scopePath(api, 'street.demo')}%`,
  ]);
});
afterAll(() => api.close());

const code = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;
const residentsUnder = async (path: string) =>
  Number(
    (await sql<{ n: string }>(api, 'select count(*) as n from resident where grid_path like $1', [`${path}%`]))[0].n,
  );

function newWorker(username: string): CreateUserInput {
  return {
    username,
    displayName: `网格员${username}`,
    password: 'a-long-password-1',
    role: 'GRID_WORKER',
    newWorker: {
      gender: 'FEMALE',
      workPhone: '0371-6000000',
      background: 'VOLUNTEER',
      homeGrid: globalId('Grid', community.id),
    },
  };
}

async function createWorker(username: string) {
  const admin = await api.login('admin.demo');
  const created = await api.request(CreateUserDocument, { input: newWorker(username) }, { token: admin });
  expect(created.errors).toBeUndefined();
  return created.data!.createUser;
}

describe('users administered by the district admin', () => {
  it('creates a worker login, assigns it a grid, and the new user sees exactly that grid', async () => {
    const user = await createWorker('new.worker');
    expect(user.worker?.name).toBe('网格员new.worker');
    const admin = await api.login('admin.demo');
    const assigned = await api.request(
      AssignWorkerDocument,
      { input: { worker: user.worker!.id, grid: globalId('Grid', gridA.id) } },
      { token: admin },
    );
    expect(assigned.errors).toBeUndefined();
    const token = await api.login('new.worker', 'a-long-password-1');
    const scope = await api.request(MyScopeDocument, {}, { token });
    expect(scope.data?.me.scopeGrids.map((g) => g.id)).toEqual([globalId('Grid', gridA.id)]);
    const residents = await api.request(AllMyResidentsDocument, {}, { token });
    expect(residents.data?.residents.totalCount).toBe(await residentsUnder(gridA.path));
    expect(residents.data!.residents.totalCount).toBeGreaterThan(0);
  });

  it('refuses users to every other post, a taken name, and a post without what it needs', async () => {
    for (const username of ['leader.demo', 'worker.demo', 'street.demo']) {
      const token = await api.login(username);
      const refused = await api.request(CreateUserDocument, { input: newWorker('intruder') }, { token });
      expect([username, code(refused)]).toEqual([username, 'FORBIDDEN']);
    }
    const admin = await api.login('admin.demo');
    const taken = await api.request(CreateUserDocument, { input: newWorker('worker.demo') }, { token: admin });
    expect(code(taken)).toBe('CONFLICT');
    const leader = { ...newWorker('lonely.leader'), role: 'GRID_LEADER' as const };
    const noGrid = await api.request(CreateUserDocument, { input: leader }, { token: admin });
    expect(code(noGrid)).toBe('BAD_USER_INPUT');
    expect(noGrid.errors?.[0].message).toContain('input.scopeGrid');
    const [{ n }] = await sql<{ n: string }>(
      api,
      "select count(*) as n from app_user where username in ('intruder', 'lonely.leader')",
    );
    expect(Number(n)).toBe(0);
    const users = await api.request(UsersDocument, {}, { token: await api.login('leader.demo') });
    expect(users.data?.users.map((u) => u.username)).toEqual(['leader.demo']);
    const all = await api.request(UsersDocument, {}, { token: admin });
    expect(all.data?.users.length).toBe(
      Number((await sql<{ n: string }>(api, 'select count(*) as n from app_user'))[0].n),
    );
  });

  it('refuses a disabled user on its next request, and a stale version', async () => {
    const user = await createWorker('leaving.worker');
    const token = await api.login('leaving.worker', 'a-long-password-1');
    expect((await api.request(MyScopeDocument, {}, { token })).errors).toBeUndefined();
    const admin = await api.login('admin.demo');
    const stale = await api.request(DisableUserDocument, { id: user.id, expectedVersion: 99 }, { token: admin });
    expect(code(stale)).toBe('CONFLICT');
    const worker = await api.request(
      DisableUserDocument,
      { id: user.id, expectedVersion: 1 },
      { token: await api.login('worker.demo') },
    );
    expect(code(worker)).toBe('FORBIDDEN');
    const disabled = await api.request(DisableUserDocument, { id: user.id, expectedVersion: 1 }, { token: admin });
    expect(disabled.data?.disableUser.active).toBe(false);
    const refused = await api.request(MyScopeDocument, {}, { token });
    expect(refused.status).toBe(401);
    expect(code(refused)).toBe('UNAUTHENTICATED');
  });

  it('resets a password and changes a post, refusing a stale version', async () => {
    const user = await createWorker('renamed.worker');
    const admin = await api.login('admin.demo');
    const input = { id: user.id, expectedVersion: 1, password: 'another-long-password', displayName: '改名' };
    const updated = await api.request(UpdateUserDocument, { input }, { token: admin });
    expect(updated.data?.updateUser).toMatchObject({ displayName: '改名', version: 2 });
    await expect(api.login('renamed.worker', 'a-long-password-1')).rejects.toThrow();
    expect(await api.login('renamed.worker', 'another-long-password')).toBeTruthy();
    expect(code(await api.request(UpdateUserDocument, { input }, { token: admin }))).toBe('CONFLICT');
    const promote = {
      id: user.id,
      expectedVersion: 2,
      role: 'GRID_LEADER' as const,
      scopeGrid: globalId('Grid', community.id),
    };
    const leader = await api.request(UpdateUserDocument, { input: promote }, { token: admin });
    expect(leader.data?.updateUser.role).toBe('GRID_LEADER');
    const refused = await api.request(
      UpdateUserDocument,
      { input: { ...promote, expectedVersion: 3 } },
      { token: await api.login('leader.demo') },
    );
    expect(code(refused)).toBe('FORBIDDEN');
  });
});

describe('assignments by the grid leader', () => {
  it('moves a worker to another grid: the old grid leaves its scope on the next request', async () => {
    const user = await createWorker('moving.worker');
    const leader = await api.login('leader.demo');
    const first = await api.request(
      AssignWorkerDocument,
      { input: { worker: user.worker!.id, grid: globalId('Grid', gridA.id) } },
      { token: leader },
    );
    expect(first.errors).toBeUndefined();
    const token = await api.login('moving.worker', 'a-long-password-1');
    const before = await api.request(ResidentsInGridDocument, { grid: globalId('Grid', gridA.id) }, { token });
    expect(before.data?.residents.totalCount).toBe(await residentsUnder(gridA.path));
    await api.request(
      AssignWorkerDocument,
      { input: { worker: user.worker!.id, grid: globalId('Grid', gridB.id) } },
      { token: leader },
    );
    const ended = await api.request(EndAssignmentDocument, { id: first.data!.assignWorker.id }, { token: leader });
    expect(ended.errors).toBeUndefined();
    const oldGrid = await api.request(ResidentsInGridDocument, { grid: globalId('Grid', gridA.id) }, { token });
    expect(oldGrid.data?.residents.totalCount).toBe(0);
    const newGrid = await api.request(ResidentsInGridDocument, { grid: globalId('Grid', gridB.id) }, { token });
    expect(newGrid.data?.residents.totalCount).toBe(await residentsUnder(gridB.path));
    const again = await api.request(EndAssignmentDocument, { id: first.data!.assignWorker.id }, { token: leader });
    expect(code(again)).toBe('CONFLICT');
  });

  it('refuses a grid outside the community, a worker outside it, a worker, and a street-level grid', async () => {
    const leader = await api.login('leader.demo');
    const [own] = await sql<{ id: number }>(api, "select worker_id as id from app_user where username = 'worker.demo'");
    const [outsider] = await sql<{ id: number }>(
      api,
      'select id from worker where home_grid_path not like $1 limit 1',
      [`${community.path}%`],
    );
    const assign = (worker: number, grid: number, token: string) =>
      api.request(
        AssignWorkerDocument,
        { input: { worker: globalId('Worker', worker), grid: globalId('Grid', grid) } },
        { token },
      );
    expect(code(await assign(own.id, foreign.id, leader))).toBe('FORBIDDEN');
    expect(code(await assign(outsider.id, gridA.id, leader))).toBe('NOT_FOUND');
    expect(code(await assign(own.id, gridB.id, await api.login('worker.demo')))).toBe('FORBIDDEN');
    expect(code(await assign(own.id, community.id, leader))).toBe('BAD_USER_INPUT');
    const admin = await assign(own.id, foreign.id, await api.login('admin.demo'));
    expect(admin.errors).toBeUndefined();
  });
});
