import {
  CasesCompiledPageDocument,
  CasesCompiledPageQueryVariables,
  CasesUsualPageDocument,
} from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { assignedPaths, sql } from '../../support/sql';
import { answerAndLog } from '../../support/compiled-answers';
import { OPEN_STATUSES } from '../../../src/modules/case/case-sla';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

type Variables = CasesCompiledPageQueryVariables;

/** The same page by both paths: identical answers and log entries, and the compiled one in fewer statements. */
async function expectSameAsUsual(token: string, variables: Variables) {
  const compiled = await answerAndLog(api, () => api.request(CasesCompiledPageDocument, variables, { token }));
  const usual = await answerAndLog(api, () => api.request(CasesUsualPageDocument, variables, { token }));
  expect(compiled.response).toEqual(usual.response);
  expect(compiled.log).toEqual(usual.log);
  expect([compiled.answeredWhole, usual.answeredWhole]).toEqual([['cases'], undefined]);
  expect(compiled.sqlStatements).toBeLessThan(usual.sqlStatements!);
  return compiled;
}

describe('the compiled cases list', () => {
  it.each(['center.demo', 'street.demo', 'worker.demo', 'leader.demo'])(
    'answers %s exactly as the usual path does, with the same access-log entries, on the first and the next page',
    async (username) => {
      const token = await api.tokenFor(username);
      const lists: Omit<Variables, 'first'>[] = [
        { overdue: true },
        {},
        { overdue: false },
        { overdue: true, orderBy: { field: 'RESOLVE_DUE_AT', direction: 'ASC' } },
        { orderBy: { field: 'ID', direction: 'ASC' } },
      ];
      for (const filter of lists) {
        const first = await expectSameAsUsual(token, { first: 3, ...filter });
        if (!('overdue' in filter)) expect(first.response.data?.cases.edges.length).toBe(3);
        const after = first.response.data?.cases.pageInfo.endCursor ?? null;
        if (after) await expectSameAsUsual(token, { first: 4, after, ...filter });
      }
    },
  );

  it('lists what the usual path lists: the overdue cases with their residents and timelines, newest first', async () => {
    const token = await api.tokenFor('center.demo');
    const { response, log } = await expectSameAsUsual(token, { first: 50, overdue: true });
    const [{ count }] = await sql<{ count: string }>(
      api,
      `select count(*) from cases where status = any($1::case_status[]) and
        (resolve_due_at < now() or (status = 'DISPATCHED' and dispatch_due_at < now()))`,
      [OPEN_STATUSES],
    );
    const page = response.data!.cases;
    expect(page.totalCount).toBe(Number(count));
    expect(page.edges.length).toBe(Math.min(50, Number(count)));
    const reported = page.edges.map((edge) => edge.node.reportedAt);
    expect([...reported].sort().reverse()).toEqual(reported);
    expect(page.edges.some((edge) => (edge.node.timeline ?? []).length > 1)).toBe(true);
    expect(page.edges.some((edge) => (edge.node.involvedResidents ?? []).length > 0)).toBe(true);
    // The centre reads residents' names masked and their id numbers not at all.
    expect(response.errors?.map((e) => e.extensions?.field)).toEqual(['Resident.idNumber']);
    const concerned = page.nodes.findIndex((node) => (node.involvedResidents ?? []).length > 0);
    expect(response.extensions.masked).toContain(`cases.nodes.${concerned}.involvedResidents.0.shownName`);
    expect(log.some((row) => row.entity_type === 'CaseEvent' && row.fields.includes('note'))).toBe(true);
  });

  it("leaves out involved residents outside the caller's scope, as the usual path does", async () => {
    const token = await api.tokenFor('worker.demo');
    const byId = { first: 1, orderBy: { field: 'ID', direction: 'ASC' } } as const;
    const before = await api.request(CasesCompiledPageDocument, byId, { token });
    const caseId = Number(Buffer.from(before.data!.cases.edges[0].node.id, 'base64url').toString().split(':')[1]);
    const paths = (await assignedPaths(api, 'worker.demo')).map((path) => `${path}%`);
    const [outsider] = await sql<{ id: number }>(
      api,
      'select id from resident where not (grid_path like any($1::text[])) order by id limit 1',
      [paths],
    );
    await sql(api, 'insert into case_involved_resident (case_id, resident_id) values ($1, $2)', [caseId, outsider.id]);
    const { response } = await expectSameAsUsual(token, byId);
    const shown = response.data!.cases.edges[0].node.involvedResidents!.map((resident) => resident.id);
    expect(shown).toEqual(before.data!.cases.edges[0].node.involvedResidents!.map((resident) => resident.id));
    const involved = await sql(api, 'select resident_id from case_involved_resident where case_id = $1', [caseId]);
    expect(involved.length).toBe(shown.length + 1);
  });

  it('leaves a post whose case rule is more than a scope (a department: cases it returned) to the usual path', async () => {
    const token = await api.tokenFor('dept.demo');
    const compiled = await answerAndLog(api, () => api.request(CasesCompiledPageDocument, { first: 5 }, { token }));
    const usual = await answerAndLog(api, () => api.request(CasesUsualPageDocument, { first: 5 }, { token }));
    expect(compiled.response).toEqual(usual.response);
    expect(compiled.log).toEqual(usual.log);
    expect(compiled.sqlStatements).toBe(usual.sqlStatements);
  });

  it('serves timestamps kept to the microsecond as the usual path does, cursors included', async () => {
    await sql(
      api,
      `update cases set reported_at = date_trunc('milliseconds', reported_at) + interval '999 microseconds'
        where id in (select id from cases order by reported_at desc, id desc limit 4)`,
    );
    await sql(api, `update case_event set "at" = date_trunc('milliseconds', "at") + interval '600 microseconds'`);
    const token = await api.tokenFor('center.demo');
    const first = await expectSameAsUsual(token, { first: 2 });
    const after = first.response.data!.cases.pageInfo.endCursor;
    const next = await expectSameAsUsual(token, { first: 2, after });
    expect(next.response.data!.cases.edges.length).toBe(2);
  });

  it('sends as many statements for a page of 50 as for a page of 5', async () => {
    const token = await api.tokenFor('center.demo');
    const small = await api.request(CasesCompiledPageDocument, { first: 5, overdue: true }, { token });
    const large = await api.request(CasesCompiledPageDocument, { first: 50, overdue: true }, { token });
    expect(large.data?.cases.edges.length).toBeGreaterThan(5);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('refuses a forged cursor and one of another ordering as bad input naming after', async () => {
    const token = await api.tokenFor('street.demo');
    const forged = await api.request(CasesCompiledPageDocument, { first: 2, after: 'WzEsMV0.forged' }, { token });
    expect(forged.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    const byId = await api.request(
      CasesCompiledPageDocument,
      { first: 2, orderBy: { field: 'ID', direction: 'ASC' } },
      { token },
    );
    const after = byId.data!.cases.pageInfo.endCursor;
    const elsewhere = await api.request(CasesCompiledPageDocument, { first: 2, after }, { token });
    expect(elsewhere.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });
});
