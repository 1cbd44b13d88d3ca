import { RecordVisitDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import { newPerson, register, registryWorld } from '../resident/registry-support';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('the change history', () => {
  it('refuses UPDATE and DELETE of its entries; a visit retried with its clientKey is stored and logged once', async () => {
    const world = await registryWorld(api);
    const resident = (await register(api, 'worker.demo', newPerson(world.workerGrid.globalId))).data!.registerResident;
    const input = { resident: resident.id, visitedAt: new Date().toISOString(), notes: '回访', clientKey: 'visit-1' };
    const token = await api.login('worker.demo');
    const first = await api.request(RecordVisitDocument, { input }, { token });
    const retry = await api.request(RecordVisitDocument, { input }, { token });
    expect(retry.data!.recordVisit.id).toBe(first.data!.recordVisit.id);
    const entries = await sql<{ n: string }>(api, `select count(*) as n from change_entry where entity_type = 'Visit'`);
    expect(Number(entries[0].n)).toBe(1);
    await expect(sql(api, `update change_entry set actor_role = 'X'`)).rejects.toThrow(/append-only/);
    await expect(sql(api, `delete from change_entry`)).rejects.toThrow(/append-only/);
  });
});
