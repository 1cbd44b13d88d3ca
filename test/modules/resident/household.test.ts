import {
  AddHouseholdMemberDocument,
  CreateHouseholdDocument,
  RemoveHouseholdMemberDocument,
  SetHouseholdHeadDocument,
} from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import { codeOf, newPerson, register, registryWorld, RegistryWorld } from './registry-support';

let api: TestApi;
let world: RegistryWorld;
beforeAll(async () => {
  api = await startTestApi();
  world = await registryWorld(api);
});
afterAll(() => api.close());

const as = async (username: string) => ({ token: await api.login(username) });
const create = async (username: string, grid: string, code: string) =>
  api.request(CreateHouseholdDocument, { input: { grid, code, address: '钟楼社区2号楼301' } }, await as(username));

describe('households', () => {
  it('lets the worker create one, add members, name the head and remove a member, each in the history', async () => {
    const created = await create('worker.demo', world.workerGrid.globalId, `H-${Date.now()}`);
    expect(created.errors).toBeUndefined();
    const household = created.data!.createHousehold;
    const person = (await register(api, 'worker.demo', newPerson(world.workerGrid.globalId))).data!.registerResident;
    const token = await as('worker.demo');
    const added = await api.request(
      AddHouseholdMemberDocument,
      { input: { household: household.id, expectedVersion: 1, resident: person.id } },
      token,
    );
    expect(added.data?.addHouseholdMember).toMatchObject({ version: 2, members: [{ id: person.id }] });
    const head = await api.request(
      SetHouseholdHeadDocument,
      { input: { household: household.id, expectedVersion: 2, resident: person.id } },
      token,
    );
    expect(head.data?.setHouseholdHead).toMatchObject({ version: 3, head: { id: person.id } });
    const stale = await api.request(
      RemoveHouseholdMemberDocument,
      { input: { household: household.id, expectedVersion: 2, resident: person.id } },
      token,
    );
    expect(codeOf(stale)).toEqual({ code: 'CONFLICT', argumentName: 'input.expectedVersion' });
    const removed = await api.request(
      RemoveHouseholdMemberDocument,
      { input: { household: household.id, expectedVersion: 3, resident: person.id } },
      token,
    );
    expect(removed.data?.removeHouseholdMember).toMatchObject({ members: [], head: null });
    const entries = await sql<{ action: string }>(
      api,
      `select action from change_entry where entity_type = 'Household' and entity_id = $1 order by id`,
      [Number(Buffer.from(household.id, 'base64url').toString().split(':')[1])],
    );
    expect(entries.map((e) => e.action)).toEqual(['CREATE', 'ADD_MEMBER', 'SET_HEAD', 'REMOVE_MEMBER']);
  });

  it('refuses a grid outside the scope, a post without household rights and a duplicate number', async () => {
    expect(codeOf(await create('worker.demo', world.communityGrid.globalId, `H-o-${Date.now()}`)).code).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await create('street.demo', world.workerGrid.globalId, `H-s-${Date.now()}`)).code).toBe('FORBIDDEN');
    const code = `H-d-${Date.now()}`;
    expect((await create('leader.demo', world.communityGrid.globalId, code)).errors).toBeUndefined();
    expect(codeOf(await create('leader.demo', world.communityGrid.globalId, code))).toEqual({
      code: 'CONFLICT',
      argumentName: 'input.code',
    });
  });
});
