import {
  AccessLogsCompiledPageDocument,
  AccessLogsCompiledPageQueryVariables,
  AccessLogsUsualPageDocument,
  ResidentByIdDocument,
  ResidentsPageDocument,
} from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import { answerAndLog } from '../../support/compiled-answers';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

type Variables = AccessLogsCompiledPageQueryVariables;

const residentId = (id: number) => Buffer.from(`Resident:${id}`).toString('base64url');

/** The same page by both paths: identical answers and log entries, and the compiled one in fewer statements. */
async function expectSameAsUsual(token: string, variables: Variables) {
  const compiled = await answerAndLog(api, () => api.request(AccessLogsCompiledPageDocument, variables, { token }));
  const usual = await answerAndLog(api, () => api.request(AccessLogsUsualPageDocument, variables, { token }));
  expect(compiled.response.errors).toBeUndefined();
  // Each request reads the log and appends its own reading of it: the second page sees the first's entry.
  const { totalCount: compiledCount, ...compiledPage } = compiled.response.data!.accessLogs;
  const { totalCount: usualCount, ...usualPage } = usual.response.data!.accessLogs;
  expect(compiledPage).toEqual(usualPage);
  expect(usualCount! - compiledCount!).toBe(variables.subject ? 0 : 1);
  expect(compiled.log).toEqual(usual.log);
  expect([compiled.answeredWhole, usual.answeredWhole]).toEqual([['accessLogs'], undefined]);
  expect(compiled.sqlStatements).toBeLessThan(usual.sqlStatements!);
  return compiled;
}

/** A resident whose record was read on a list page (a grouped entry) and on its own (a single one). */
async function residentReadBothWays(): Promise<number> {
  const worker = await api.tokenFor('worker.demo');
  const page = await api.request(ResidentsPageDocument, { first: 3 }, { token: worker });
  const [first] = page.data!.residents.edges;
  const id = Number(Buffer.from(first.node.id, 'base64url').toString().split(':')[1]);
  await api.request(ResidentByIdDocument, { id: first.node.id }, { token: worker });
  const [{ grouped, single }] = await sql<{ grouped: string; single: string }>(
    api,
    `select count(*) filter (where subject_ids @> array[$1]::int[]) as grouped,
            count(*) filter (where entity_id = $1) as single
       from access_log where entity_type = 'Resident'`,
    [id],
  );
  expect(Number(grouped)).toBeGreaterThan(0);
  expect(Number(single)).toBeGreaterThan(0);
  return id;
}

describe('the compiled access-log list', () => {
  it('answers the privacy officer as the usual path does, page after page, logged alike', async () => {
    for (let reads = 0; reads < 4; reads++) await residentReadBothWays();
    const token = await api.tokenFor('privacy.demo');
    // Every request adds its own reading of the log on top: both paths read on from a fixed entry.
    const start = await api.request(AccessLogsCompiledPageDocument, { first: 2 }, { token });
    const first = await expectSameAsUsual(token, { first: 4, after: start.data!.accessLogs.pageInfo.endCursor });
    expect(first.response.data!.accessLogs.edges.length).toBe(4);
    const after = first.response.data!.accessLogs.pageInfo.endCursor;
    const next = await expectSameAsUsual(token, { first: 3, after });
    expect(next.response.data!.accessLogs.pageInfo.hasPreviousPage).toBe(true);
    // Reading the log is itself logged, from its internal fields up, as the field guard logs it.
    const read = next.log.filter((entry) => entry.entity_type === 'AccessLog');
    expect(read.length).toBe(3);
    expect(read[0].fields).toEqual(expect.arrayContaining(['occurredAt', 'actorRole', 'fields', 'rule', 'actor']));
  });

  it('finds who read a record, whether an entry names it alone or among a page of subjects', async () => {
    const id = await residentReadBothWays();
    const token = await api.tokenFor('privacy.demo');
    const { response } = await expectSameAsUsual(token, { first: 50, subject: residentId(id) });
    const [{ count }] = await sql<{ count: string }>(
      api,
      `select count(*) from access_log where entity_type = 'Resident' and (entity_id = $1 or subject_ids @> array[$1]::int[])`,
      [id],
    );
    const page = response.data!.accessLogs;
    expect(page.totalCount).toBe(Number(count));
    expect(page.edges.length).toBe(Math.min(50, Number(count)));
    expect(page.edges.every((edge) => edge.node.entityType === 'Resident' && edge.node.actor?.username)).toBe(true);
    const ids = page.nodes.map((node) => Number(Buffer.from(node.id, 'base64url').toString().split(':')[1]));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    // The next page counts every entry about the subject still, not only those after the cursor.
    const one = await expectSameAsUsual(token, { first: 1, subject: residentId(id) });
    const after = one.response.data!.accessLogs.pageInfo.endCursor;
    const next = await expectSameAsUsual(token, { first: 1, subject: residentId(id), after });
    expect(next.response.data!.accessLogs.totalCount).toBe(Number(count));
    expect(next.response.data!.accessLogs.nodes[0].id).toBe(page.nodes[1].id);
  });

  it('leaves a post that reviews only its own entries (a grid worker) to the usual path, with the same answer', async () => {
    await residentReadBothWays();
    const token = await api.tokenFor('worker.demo');
    const compiled = await answerAndLog(api, () =>
      api.request(AccessLogsCompiledPageDocument, { first: 5 }, { token }),
    );
    const usual = await answerAndLog(api, () => api.request(AccessLogsUsualPageDocument, { first: 5 }, { token }));
    expect(compiled.response.errors).toEqual(usual.response.errors);
    expect(compiled.response.data!.accessLogs.edges.length).toBe(5);
    expect(compiled.sqlStatements).toBe(usual.sqlStatements);
  });

  it('sends as many statements for a page of 50 as for a page of 5', async () => {
    await residentReadBothWays();
    const token = await api.tokenFor('privacy.demo');
    const small = await api.request(AccessLogsCompiledPageDocument, { first: 5 }, { token });
    const large = await api.request(AccessLogsCompiledPageDocument, { first: 50 }, { token });
    expect(large.data?.accessLogs.edges.length).toBeGreaterThan(5);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('refuses a subject that is no global id, naming the filter, before reading anything', async () => {
    const token = await api.tokenFor('privacy.demo');
    const bad = await api.request(AccessLogsCompiledPageDocument, { first: 2, subject: 'nonsense' }, { token });
    expect(bad.data).toBeNull();
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.subject' });
  });
});
