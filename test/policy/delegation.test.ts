import {
  CreateDelegationDocument,
  DelegatedResidentsDocument,
  GridsDocument,
  RevokeDelegationDocument,
} from '../generated/graphql';
import { startTestApi, TestApi } from '../support/api';
import { globalId, sql } from '../support/sql';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const asDept = async (purpose?: string) => ({
  token: await api.login('dept.demo'),
  headers: purpose ? { 'x-access-purpose': purpose } : undefined,
});

async function delegatedCount(purposeCode: string): Promise<number> {
  const [row] = await sql<{ n: string }>(
    api,
    `select count(*) as n from resident r join delegation d on d.purpose_code = $1 join grid g on g.id = d.grid_id
      where r.grid_path like g.path || '%' and (cardinality(d.category_codes) = 0 or exists (
        select 1 from resident_category m join special_category c on c.id = m.category_id
         where m.resident_id = r.id and c.code = any(d.category_codes)))`,
    [purposeCode],
  );
  return Number(row.n);
}

describe('partner delegation', () => {
  it('needs a stated purpose', async () => {
    const response = await api.request(DelegatedResidentsDocument, { first: 5 }, await asDept());
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('PURPOSE_REQUIRED');
  });

  it('refuses a purpose no active delegation covers', async () => {
    const response = await api.request(DelegatedResidentsDocument, { first: 5 }, await asDept('MARKETING'));
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers with exactly the delegated rows, fields and categories', async () => {
    const response = await api.request(DelegatedResidentsDocument, { first: 100 }, await asDept('WELFARE_CHECK'));
    const expected = await delegatedCount('WELFARE_CHECK');
    expect(expected).toBeGreaterThanOrEqual(5);
    expect(response.data?.residents.totalCount).toBe(expected);
    const nodes = response.data!.residents.nodes;
    expect(nodes.every((node) => node.name && node.idNumber === null)).toBe(true);
    expect(nodes.every((node) => node.categories!.every((m) => m.category?.code === 'ELDERLY_ALONE'))).toBe(true);
    const forbidden = response.errors
      ?.filter((e) => e.extensions?.code === 'FORBIDDEN')
      .map((e) => e.extensions?.field);
    expect(forbidden).toEqual(['Resident.idNumber']);
  });

  it('takes effect for a new delegation and stops on revocation, from the next request', async () => {
    const admin = await api.login('admin.demo');
    const streets = await api.request(GridsDocument, { first: 20, filter: { level: 1 } }, { token: admin });
    const [street] = streets.data!.grids.nodes;
    const [dept] = await sql<{ id: number }>(api, "select id from department where code = 'CIVIL_AFFAIRS'");
    const created = await api.request(
      CreateDelegationDocument,
      {
        input: {
          department: globalId('Department', dept.id),
          grid: street.id,
          categoryCodes: ['DISABLED'],
          fields: ['name', 'phone'],
          purposeCode: 'DISABILITY_SUBSIDY',
          purposeText: '残疾人两项补贴复核',
          legalBasis: '《残疾人保障法》第四十八条',
          validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
      { token: admin },
    );
    expect(created.data?.createDelegation.active).toBe(true);
    const granted = await api.request(DelegatedResidentsDocument, { first: 5 }, await asDept('DISABILITY_SUBSIDY'));
    expect(granted.data?.residents.totalCount).toBe(await delegatedCount('DISABILITY_SUBSIDY'));
    expect(granted.errors?.map((e) => e.extensions?.field).sort()).toEqual([
      'Resident.address',
      'Resident.categories',
      'Resident.idNumber',
    ]);

    const revoked = await api.request(
      RevokeDelegationDocument,
      { id: created.data!.createDelegation.id },
      { token: admin },
    );
    expect(revoked.data?.revokeDelegation.active).toBe(false);
    const after = await api.request(DelegatedResidentsDocument, { first: 5 }, await asDept('DISABILITY_SUBSIDY'));
    expect(after.data).toBeNull();
    expect(after.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('stops at expiry', async () => {
    await sql(
      api,
      "update delegation set valid_until = now() - interval '1 second' where purpose_code = 'WELFARE_CHECK'",
    );
    const response = await api.request(DelegatedResidentsDocument, { first: 5 }, await asDept('WELFARE_CHECK'));
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await sql(
      api,
      "update delegation set valid_until = now() + interval '30 days' where purpose_code = 'WELFARE_CHECK'",
    );
  });

  it('may be created only by a post that manages delegations', async () => {
    const response = await api.request(
      CreateDelegationDocument,
      {
        input: {
          department: 'x',
          grid: 'y',
          fields: ['name'],
          purposeCode: 'ANY_PURPOSE',
          purposeText: 'text',
          legalBasis: 'basis',
          validUntil: new Date().toISOString(),
        },
      },
      { token: await api.login('center.demo') },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
