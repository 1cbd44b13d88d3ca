import { RecordReadsDocument, ResidentFieldsDocument } from '../../generated/graphql';
import { Fixtures, loadFixtures, residentId } from '../../policy/fixtures';
import { startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import { entriesAfter, logMark } from './log-support';
import { appendEntries, demoUser, shanghaiTime } from './review-support';

let api: TestApi;
let fixtures: Fixtures;
let departmentName: string;
beforeAll(async () => {
  api = await startTestApi();
  fixtures = await loadFixtures(api);
  const worker = await api.login('worker.demo');
  await api.request(ResidentFieldsDocument, { id: residentId(fixtures.self) }, { token: worker });
  await api.request(ResidentFieldsDocument, { id: residentId(fixtures.inScope) }, { token: worker });
  await api.request(
    ResidentFieldsDocument,
    { id: residentId(fixtures.self) },
    { token: await api.login('resident.demo') },
  );
  // A partner department's read under a delegation, as the log would hold it.
  const officer = await demoUser(api, 'dept.demo');
  await appendEntries(api, [
    {
      actor: officer,
      at: shanghaiTime(1, 2, 10),
      entityId: fixtures.self.id,
      purpose: 'WELFARE_CHECK',
      basis: 'DELEGATION:1',
      fields: ['address', 'phone'],
    },
  ]);
  [{ name: departmentName }] = await sql<{ name: string }>(
    api,
    'select d.name from department d join app_user u on u.department_id = d.id where u.username = $1',
    ['dept.demo'],
  );
});
afterAll(() => api.close());

/** Entries about resident.demo's record by anyone but resident.demo. */
async function readsByOthers(): Promise<number> {
  const [row] = await sql<{ n: number }>(
    api,
    `select count(*)::int as n from access_log a where a.entity_type = 'Resident' and a.entity_id = $1
        and a.actor_user_id is distinct from (select id from app_user where username = 'resident.demo')`,
    [fixtures.self.id],
  );
  return row.n;
}

describe('who read my record', () => {
  it('shows a resident the reads of their own record by others, newest first, with post, department and purpose', async () => {
    const response = await api.request(RecordReadsDocument, { first: 50 }, { token: await api.login('resident.demo') });
    expect(response.errors).toBeUndefined();
    const { nodes, totalCount } = response.data!.whoReadMyRecord;
    expect(totalCount).toBe(await readsByOthers());
    expect(nodes).toHaveLength(totalCount);
    expect(nodes.filter((read) => read.role === 'GRID_WORKER').length).toBeGreaterThan(0);
    expect(nodes.at(-1)).toEqual({
      occurredAt: shanghaiTime(1, 2, 10).toISOString(),
      role: 'DEPARTMENT_OFFICER',
      organisation: departmentName,
      action: 'READ',
      outcome: 'FULL',
      purpose: 'WELFARE_CHECK',
      fields: ['address', 'phone'],
    });
    const times = nodes.map((read) => read.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('names no person: no user, username or id of the reader', async () => {
    const response = await api.request(RecordReadsDocument, { first: 50 }, { token: await api.login('resident.demo') });
    const text = JSON.stringify(response);
    for (const username of ['worker.demo', 'dept.demo', 'resident.demo']) expect(text).not.toContain(username);
    expect(text).not.toMatch(/actor|user|requestId|clientAddress/i);
  });

  it('pages with cursors', async () => {
    const token = await api.login('resident.demo');
    const first = await api.request(RecordReadsDocument, { first: 1 }, { token });
    const rest = await api.request(
      RecordReadsDocument,
      { first: 50, after: first.data!.whoReadMyRecord.pageInfo.endCursor },
      { token },
    );
    expect(first.data!.whoReadMyRecord.pageInfo.hasNextPage).toBe(true);
    expect(1 + rest.data!.whoReadMyRecord.nodes.length).toBe(await readsByOthers());
  });

  it('is itself a read of the log, recorded as one entry per entry shown', async () => {
    const mark = await logMark(api);
    const response = await api.request(RecordReadsDocument, { first: 2 }, { token: await api.login('resident.demo') });
    const entries = await entriesAfter(api, mark);
    expect(response.data!.whoReadMyRecord.nodes).toHaveLength(2);
    expect(entries).toHaveLength(2);
    expect(
      entries.every(
        (e) =>
          e.entity_type === 'AccessLog' && e.action === 'SEARCH' && e.basis === 'SELF' && e.actor_role === 'RESIDENT',
      ),
    ).toBe(true);
  });

  it('is only for an account with a resident record', async () => {
    for (const username of ['worker.demo', 'privacy.demo']) {
      const response = await api.request(RecordReadsDocument, { first: 5 }, { token: await api.login(username) });
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
