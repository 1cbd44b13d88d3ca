import { MyDataDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import { codeOf } from './registry-support';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('myData', () => {
  it('gives the resident their own record and memberships in clear, logged as reads of that record', async () => {
    const [me] = await sql<{ id: number; id_number: string; memberships: string }>(
      api,
      `select r.id, r.id_number, (select count(*) from resident_category m where m.resident_id = r.id) as memberships
         from app_user u join resident r on r.id = u.resident_id where u.username = 'resident.demo'`,
    );
    const response = await api.request(MyDataDocument, {}, { token: await api.login('resident.demo') });
    expect(response.errors).toBeUndefined();
    expect(response.data!.myData.resident?.idNumber).toBe(me.id_number);
    expect(response.data!.myData.memberships).toHaveLength(Number(me.memberships));
    const [logged] = await sql<{ n: string }>(
      api,
      `select count(*) as n from access_log where entity_type = 'Resident' and entity_id = $1 and basis = 'SELF'`,
      [me.id],
    );
    expect(Number(logged.n)).toBeGreaterThan(0);
  });

  it('is refused to posts without a resident record of their own', async () => {
    const response = await api.request(MyDataDocument, {}, { token: await api.login('worker.demo') });
    expect(codeOf(response).code).toBe('FORBIDDEN');
  });
});
