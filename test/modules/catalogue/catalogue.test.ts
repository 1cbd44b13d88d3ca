import {
  CreateCaseCategoryDocument,
  CreateDepartmentDocument,
  CreateSpecialCategoryDocument,
  FormListsDocument,
  RenameDepartmentDocument,
  UpdateCaseCategoryDocument,
  UpdateSpecialCategoryDocument,
} from '../../generated/graphql';
import { GraphQLResponse, startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const code = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;

describe('catalogues for forms and their administration', () => {
  it('gives every post the lists a form needs, with departments and handling levels', async () => {
    const [counts] = await sql<{ sc: string; cc: string; d: string; withDept: string }>(
      api,
      `select (select count(*) from special_category) as sc, (select count(*) from case_category) as cc,
              (select count(*) from department) as d, (select count(*) from case_category where department_id is not null) as "withDept"`,
    );
    for (const username of ['worker.demo', 'dept.demo', 'resident.demo']) {
      const lists = await api.request(FormListsDocument, {}, { token: await api.login(username) });
      expect(lists.errors).toBeUndefined();
      expect(lists.data!.specialCategories).toHaveLength(Number(counts.sc));
      expect(lists.data!.caseCategories).toHaveLength(Number(counts.cc));
      expect(lists.data!.departments).toHaveLength(Number(counts.d));
      expect(lists.data!.caseCategories.filter((c) => c.department).length).toBe(Number(counts.withDept));
    }
  });

  it('lets the district admin add and change departments and categories', async () => {
    const admin = await api.login('admin.demo');
    const department = await api.request(
      CreateDepartmentDocument,
      { input: { code: 'WATER_AFFAIRS', name: '区水务局' } },
      { token: admin },
    );
    expect(department.errors).toBeUndefined();
    const departmentId = department.data!.createDepartment.id;
    expect(
      (await api.request(RenameDepartmentDocument, { id: departmentId, name: '区水利局' }, { token: admin })).data
        ?.renameDepartment.name,
    ).toBe('区水利局');
    const special = {
      code: 'FLOOD_RISK',
      name: '防汛重点户',
      colour: '#1E88E5',
      securityLabel: 'SENSITIVE' as const,
      visitEveryDays: 30,
    };
    const created = await api.request(CreateSpecialCategoryDocument, { input: special }, { token: admin });
    expect(created.data?.createSpecialCategory.securityLabel).toBe('SENSITIVE');
    const changed = await api.request(
      UpdateSpecialCategoryDocument,
      { input: { id: created.data!.createSpecialCategory.id, visitEveryDays: 14 } },
      { token: admin },
    );
    expect(changed.data?.updateSpecialCategory.visitEveryDays).toBe(14);
    const category = {
      code: 'FLOODING',
      name: '积水内涝',
      department: departmentId,
      acceptWithinHours: 2,
      resolveWithinHours: 24,
    };
    const caseCategory = await api.request(CreateCaseCategoryDocument, { input: category }, { token: admin });
    expect(caseCategory.data?.createCaseCategory.department?.code).toBe('WATER_AFFAIRS');
    const id = caseCategory.data!.createCaseCategory.id;
    const updated = await api.request(
      UpdateCaseCategoryDocument,
      { id, input: { ...category, resolveWithinHours: 48 } },
      { token: admin },
    );
    expect(updated.data?.updateCaseCategory.resolveWithinHours).toBe(48);
    const both = await api.request(
      CreateCaseCategoryDocument,
      { input: { ...category, code: 'BOTH', handlingLevel: 3 } },
      { token: admin },
    );
    expect(code(both)).toBe('BAD_USER_INPUT');
    expect(
      code(
        await api.request(
          CreateDepartmentDocument,
          { input: { code: 'WATER_AFFAIRS', name: '重复' } },
          { token: admin },
        ),
      ),
    ).toBe('CONFLICT');
  });

  it('refuses catalogue writes to every other post', async () => {
    const [department] = await sql<{ id: number }>(api, 'select id from department order by id limit 1');
    const [special] = await sql<{ id: number }>(api, 'select id from special_category order by id limit 1');
    for (const username of ['leader.demo', 'street.demo', 'center.demo', 'dept.demo']) {
      const token = await api.login(username);
      const writes = [
        api.request(CreateDepartmentDocument, { input: { code: 'NOPE', name: '不许' } }, { token }),
        api.request(RenameDepartmentDocument, { id: globalId('Department', department.id), name: '不许' }, { token }),
        api.request(
          UpdateSpecialCategoryDocument,
          { input: { id: globalId('SpecialCategory', special.id), colour: '#000000' } },
          { token },
        ),
        api.request(
          CreateCaseCategoryDocument,
          { input: { code: 'NOPE', name: '不许', handlingLevel: 3, acceptWithinHours: 1, resolveWithinHours: 2 } },
          { token },
        ),
      ];
      for (const response of await Promise.all(writes))
        expect([username, code(response)]).toEqual([username, 'FORBIDDEN']);
    }
    const [{ n }] = await sql<{ n: string }>(
      api,
      "select count(*) as n from department where code = 'NOPE' or name = '不许'",
    );
    expect(n).toBe('0');
  });
});
