import {
  CreateDelegationDocument,
  GridsDocument,
  ResidentsCompiledPageDocument,
  ResidentsCompiledPageQuery,
  ResidentsUsualPageDocument,
} from '../../generated/graphql';
import { GraphQLResponse, startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import { answerAndLog } from '../../support/compiled-answers';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const asDepartment = async (purpose: string) => ({
  token: await api.tokenFor('dept.demo'),
  headers: { 'x-access-purpose': purpose },
});

/** The residents a purpose's delegation covers, in id order, computed from the tables: its subtree and categories. */
async function delegatedIds(purposeCode: string): Promise<string[]> {
  const rows = await sql<{ id: number }>(
    api,
    `select r.id from resident r join delegation d on d.purpose_code = $1 join grid g on g.id = d.grid_id
      where starts_with(r.grid_path, g.path) and exists (
        select 1 from resident_category m join special_category c on c.id = m.category_id
         where m.resident_id = r.id and c.code = any(d.category_codes))
      order by r.id`,
    [purposeCode],
  );
  return rows.map((row) => globalId('Resident', row.id));
}

/** Every page of the compiled list, as the department reads it under a purpose. */
async function readAll(purpose: string, first: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: GraphQLResponse<ResidentsCompiledPageQuery> = await api.request(
      ResidentsCompiledPageDocument,
      { first, after },
      await asDepartment(purpose),
    );
    ids.push(...page.data!.residents.edges.map((edge) => edge.node.id));
    if (!page.data!.residents.pageInfo.hasNextPage) return ids;
    after = page.data!.residents.pageInfo.endCursor ?? null;
  }
}

describe('the delegated residents list', () => {
  it('lists exactly the residents of the delegated categories under the delegated subtree, in id order', async () => {
    const expected = await delegatedIds('WELFARE_CHECK');
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(await readAll('WELFARE_CHECK', 3)).toEqual(expected);
  });

  it('answers a delegation of several categories once per resident', async () => {
    const admin = await api.tokenFor('admin.demo');
    const streets = await api.request(GridsDocument, { first: 20, filter: { level: 1 } }, { token: admin });
    const [dept] = await sql<{ id: number }>(api, "select id from department where code = 'CIVIL_AFFAIRS'");
    const created = await api.request(
      CreateDelegationDocument,
      {
        input: {
          department: globalId('Department', dept.id),
          grid: streets.data!.grids.nodes[0].id,
          categoryCodes: ['ELDERLY_ALONE', 'DISABLED', 'SUBSISTENCE_ALLOWANCE'],
          fields: ['name', 'phone'],
          purposeCode: 'WINTER_RELIEF',
          purposeText: '冬季困难群众走访',
          legalBasis: '《社会救助暂行办法》第三十八条',
          validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
      { token: admin },
    );
    expect(created.data?.createDelegation.active).toBe(true);
    const expected = await delegatedIds('WINTER_RELIEF');
    expect(expected.length).toBeGreaterThanOrEqual(5);
    // Some of them hold more than one of the categories: each is still listed once.
    const [memberships] = await sql<{ n: string }>(
      api,
      `select count(*) as n from resident_category m join special_category c on c.id = m.category_id
         join resident r on r.id = m.resident_id join delegation d on d.purpose_code = 'WINTER_RELIEF'
         join grid g on g.id = d.grid_id
        where c.code = any(d.category_codes) and starts_with(r.grid_path, g.path)`,
    );
    expect(Number(memberships.n)).toBeGreaterThan(expected.length);
    expect(await readAll('WINTER_RELIEF', 4)).toEqual(expected);
  });

  it('answers as the usual path does, with the same access-log entries, on the first and the next page', async () => {
    const caller = await asDepartment('WELFARE_CHECK');
    const first = await api.request(ResidentsCompiledPageDocument, { first: 3 }, caller);
    const after = first.data?.residents.pageInfo.endCursor ?? null;
    for (const page of [{ first: 4 }, { first: 4, after }]) {
      const compiled = await answerAndLog(api, () => api.request(ResidentsCompiledPageDocument, page, caller));
      const usual = await answerAndLog(api, () => api.request(ResidentsUsualPageDocument, page, caller));
      expect(compiled.response).toEqual(usual.response);
      expect(compiled.log).toEqual(usual.log);
      expect(compiled.log.length).toBeGreaterThan(0);
      expect(compiled.sqlStatements).toBeLessThan(usual.sqlStatements!);
    }
  });

  it('sends as many statements for a large page as for a small one', async () => {
    const caller = await asDepartment('WELFARE_CHECK');
    const total = (await delegatedIds('WELFARE_CHECK')).length;
    const small = await api.request(ResidentsCompiledPageDocument, { first: 2 }, caller);
    const large = await api.request(ResidentsCompiledPageDocument, { first: 100 }, caller);
    expect(large.data?.residents.edges.length).toBe(Math.min(100, total));
    expect(large.data?.residents.totalCount).toBe(total);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });
});
