import {
  MoveResidentDocument,
  RegisterResidentInput,
  ResidentHistoryDocument,
  UpdateResidentDocument,
} from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import { codeOf, deniedCount, newPerson, register, registryWorld, RegistryWorld } from './registry-support';

let api: TestApi;
let world: RegistryWorld;
beforeAll(async () => {
  api = await startTestApi();
  world = await registryWorld(api);
});
afterAll(() => api.close());

async function as(username: string) {
  return { token: await api.login(username) };
}

async function registered(overrides: Partial<RegisterResidentInput> = {}) {
  const response = await register(api, 'worker.demo', newPerson(world.workerGrid.globalId, overrides));
  expect(response.errors).toBeUndefined();
  return response.data!.registerResident;
}

async function residentRows(idNumber: string) {
  return sql<{ id: number }>(api, 'select id from resident where id_number = $1', [idNumber]);
}

describe('registerResident', () => {
  it('registers a person in the worker’s grid, with a REGISTER entry in the history', async () => {
    const input = newPerson(world.workerGrid.globalId);
    const response = await register(api, 'worker.demo', input);
    expect(response.errors).toBeUndefined();
    expect(response.data!.registerResident).toMatchObject({ version: 1, idNumber: input.idNumber, phone: input.phone });
    const [entry] = await sql<{ action: string; actor_role: string; basis: string }>(
      api,
      'select action, actor_role, basis from change_entry where resident_id = $1',
      [(await residentRows(input.idNumber))[0].id],
    );
    expect(entry).toEqual({ action: 'REGISTER', actor_role: 'GRID_WORKER', basis: 'ROLE_SCOPE' });
  });

  it('refuses invalid ID numbers, impossible dates and disagreeing facts, naming the argument', async () => {
    const base = newPerson(world.workerGrid.globalId);
    const wrongCheck = base.idNumber.slice(0, 17) + (base.idNumber[17] === '1' ? '2' : '1');
    const cases: [Partial<RegisterResidentInput>, string][] = [
      [{ idNumber: wrongCheck }, 'input.idNumber'],
      [{ birthDate: '1985-02-30', idNumber: base.idNumber }, 'input.birthDate'],
      [{ gender: 'FEMALE' as RegisterResidentInput['gender'] }, 'input.gender'],
      [{ phone: '12345' }, 'phone'],
      [{ grid: world.workerGrid.globalId.slice(0, -2) }, 'input.grid'],
    ];
    for (const [overrides, argument] of cases) {
      const response = await register(api, 'worker.demo', { ...base, ...overrides });
      expect(codeOf(response)).toEqual({ code: 'BAD_USER_INPUT', argumentName: argument });
    }
    expect(await residentRows(base.idNumber)).toHaveLength(0);
  });

  it('answers a duplicate ID number with CONFLICT naming the grid only', async () => {
    const first = newPerson(world.workerGrid.globalId, { name: '王大明' });
    await registered(first);
    const again = await register(api, 'leader.demo', { ...first, grid: world.communityGrid.globalId, name: '李四' });
    expect(codeOf(again)).toEqual({ code: 'CONFLICT', argumentName: 'input.idNumber' });
    expect(again.errors![0].message).toContain(world.workerGrid.name);
    expect(again.errors![0].message).not.toContain('王大明');
    expect(await residentRows(first.idNumber)).toHaveLength(1);
  });

  it('refuses a grid outside the caller’s scope (FORBIDDEN, logged) and posts that do not register', async () => {
    const before = await deniedCount(api, 'Resident');
    const outside = await register(api, 'worker.demo', newPerson(world.communityGrid.globalId));
    expect(codeOf(outside).code).toBe('FORBIDDEN');
    for (const username of ['street.demo', 'center.demo', 'admin.demo', 'resident.demo'])
      expect(codeOf(await register(api, username, newPerson(world.workerGrid.globalId))).code).toBe('FORBIDDEN');
    expect(await deniedCount(api, 'Resident')).toBeGreaterThanOrEqual(before + 5);
    const leader = await register(api, 'leader.demo', newPerson(world.communityGrid.globalId));
    expect(leader.errors).toBeUndefined();
  });

  it('answers a retry with the same clientKey with the first result, once', async () => {
    const input = newPerson(world.workerGrid.globalId, { clientKey: `reg-${Date.now()}` });
    const first = await register(api, 'worker.demo', input);
    const retry = await register(api, 'worker.demo', input);
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.registerResident.id).toBe(first.data!.registerResident.id);
    expect(await residentRows(input.idNumber)).toHaveLength(1);
  });
});

describe('updateResident', () => {
  it('changes the phone; the history shows old and new at each reader’s tiers', async () => {
    const resident = await registered();
    const response = await api.request(
      UpdateResidentDocument,
      { input: { id: resident.id, expectedVersion: 1, phone: '13900002222' } },
      await as('worker.demo'),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.updateResident).toMatchObject({ version: 2, phone: '13900002222' });
    const worker = await api.request(ResidentHistoryDocument, { id: resident.id }, await as('worker.demo'));
    const update = worker.data!.resident.history!.find((entry) => entry.action === 'UPDATE')!;
    expect(update.changes).toEqual([{ field: 'phone', old: '13800001111', new: '13900002222', access: 'FULL' }]);
    const street = await api.request(ResidentHistoryDocument, { id: resident.id }, await as('street.demo'));
    const registerEntry = street.data!.resident.history!.find((entry) => entry.action === 'REGISTER')!;
    // The street reads T2 in clear and T3 masked, in the history as in the live record.
    const idNumber = registerEntry.changes!.find((change) => change.field === 'idNumber')!;
    expect(idNumber.access).toBe('MASKED');
    expect(String(idNumber.new)).toMatch(/^110\*{11}\w{4}$/);
    const phone = street.data!.resident.history!.find((entry) => entry.action === 'UPDATE')!.changes![0];
    expect(phone).toMatchObject({ access: 'FULL', new: '13900002222' });
    const [logged] = await sql<{ n: string }>(
      api,
      `select count(*) as n from access_log where entity_type = 'Resident' and entity_id = $1 and 'idNumber' = any(fields) and outcome = 'MASKED'`,
      [Number(Buffer.from(resident.id, 'base64url').toString().split(':')[1])],
    );
    expect(Number(logged.n)).toBeGreaterThan(0);
  });

  it('answers a stale version with CONFLICT and changes nothing', async () => {
    const resident = await registered();
    const stale = await api.request(
      UpdateResidentDocument,
      { input: { id: resident.id, expectedVersion: 7, address: '别处' } },
      await as('worker.demo'),
    );
    expect(codeOf(stale)).toEqual({ code: 'CONFLICT', argumentName: 'input.expectedVersion' });
  });

  it('refuses the street admin (FORBIDDEN) and a resident outside the scope (NOT_FOUND)', async () => {
    const resident = await registered();
    const street = await api.request(
      UpdateResidentDocument,
      { input: { id: resident.id, expectedVersion: 1, phone: '13900003333' } },
      await as('street.demo'),
    );
    expect(codeOf(street).code).toBe('FORBIDDEN');
    const [outside] = await sql<{ id: number }>(api, 'select id from resident where grid_id = $1 limit 1', [
      world.otherStreetGrid.id,
    ]);
    const foreign = Buffer.from(`Resident:${outside.id}`).toString('base64url');
    const notFound = await api.request(
      UpdateResidentDocument,
      { input: { id: foreign, expectedVersion: 1, phone: '13900003333' } },
      await as('worker.demo'),
    );
    expect(codeOf(notFound).code).toBe('NOT_FOUND');
  });
});

describe('moveResident', () => {
  it('lets the leader move within its community, the street between communities, not the worker out of its grids', async () => {
    const resident = await registered();
    const worker = await api.request(
      MoveResidentDocument,
      { input: { id: resident.id, expectedVersion: 1, toGrid: world.communityGrid.globalId } },
      await as('worker.demo'),
    );
    expect(codeOf(worker)).toEqual({ code: 'FORBIDDEN', argumentName: 'input.toGrid' });
    const leader = await api.request(
      MoveResidentDocument,
      { input: { id: resident.id, expectedVersion: 1, toGrid: world.communityGrid.globalId } },
      await as('leader.demo'),
    );
    expect(leader.data?.moveResident).toMatchObject({ version: 2, grid: { id: world.communityGrid.globalId } });
    const street = await api.request(
      MoveResidentDocument,
      { input: { id: resident.id, expectedVersion: 2, toGrid: world.streetGrid.globalId } },
      await as('street.demo'),
    );
    expect(street.data?.moveResident.grid?.id).toBe(world.streetGrid.globalId);
    const beyond = await api.request(
      MoveResidentDocument,
      { input: { id: resident.id, expectedVersion: 3, toGrid: world.otherStreetGrid.globalId } },
      await as('street.demo'),
    );
    expect(codeOf(beyond)).toEqual({ code: 'FORBIDDEN', argumentName: 'input.toGrid' });
  });

  it('moves a person out of the district; the street may not, the worker may', async () => {
    const resident = await registered();
    const street = await api.request(
      MoveResidentDocument,
      { input: { id: resident.id, expectedVersion: 1, outOfDistrict: true } },
      await as('street.demo'),
    );
    expect(codeOf(street).code).toBe('FORBIDDEN');
    const worker = await api.request(
      MoveResidentDocument,
      { input: { id: resident.id, expectedVersion: 1, outOfDistrict: true } },
      await as('worker.demo'),
    );
    expect(worker.errors).toBeUndefined();
    expect(worker.data!.moveResident.movedOutAt).not.toBeNull();
  });
});
