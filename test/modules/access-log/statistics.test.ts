import {
  AccessLogStatisticsDocument,
  ResidentContactPageDocument,
  ResidentFieldsDocument,
} from '../../generated/graphql';
import { Fixtures, loadFixtures, residentId } from '../../policy/fixtures';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import { entriesAfter, logMark } from './log-support';
import { appendEntries, demoUser, shanghaiTime } from './review-support';

let api: TestApi;
let fixtures: Fixtures;
let from: Date;
let to: Date;
beforeAll(async () => {
  api = await startTestApi();
  fixtures = await loadFixtures(api);
  from = new Date(Date.now() - 1000);
  const worker = await api.login('worker.demo');
  for (const row of [fixtures.inScope, fixtures.self, fixtures.outOfScope])
    await api.request(ResidentFieldsDocument, { id: residentId(row) }, { token: worker });
  await api.request(ResidentContactPageDocument, { first: 6 }, { token: await api.login('center.demo') });
  to = new Date();
});
afterAll(() => api.close());

interface Row {
  actor_user_id: number | null;
  actor_role: string | null;
  actor_department_id: number | null;
  occurred_at: Date;
  entity_type: string;
  entity_id: number | null;
  outcome: string;
}

/** The expected figures, counted here from the raw entries rather than by the query under test. */
async function expected(period: [Date, Date], keyOf: (row: Row) => string) {
  const rows = await sql<Row>(
    api,
    // One row per subject read: an entry covering several subjects counts as a read of each.
    `select actor_user_id, actor_role::text, actor_department_id, occurred_at, entity_type,
            coalesce(s.id, a.entity_id) as entity_id, outcome
       from access_log a left join lateral unnest(a.subject_ids) s(id) on true
      where occurred_at >= $1 and occurred_at < $2`,
    period,
  );
  const groups = new Map<
    string,
    { entries: number; subjects: Set<string>; full: number; masked: number; denied: number }
  >();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key) ?? { entries: 0, subjects: new Set(), full: 0, masked: 0, denied: 0 };
    group.entries += 1;
    if (row.entity_id !== null) group.subjects.add(`${row.entity_type}:${row.entity_id}`);
    group[row.outcome.toLowerCase() as 'full' | 'masked' | 'denied'] += 1;
    groups.set(key, group);
  }
  return Object.fromEntries(
    [...groups].map(([key, g]) => [
      key,
      { entries: g.entries, subjects: g.subjects.size, full: g.full, masked: g.masked, denied: g.denied },
    ]),
  );
}

const counts = ({
  entries,
  subjects,
  full,
  masked,
  denied,
}: {
  entries: number;
  subjects: number;
  full: number;
  masked: number;
  denied: number;
}) => ({
  entries,
  subjects,
  full,
  masked,
  denied,
});

describe('access-log statistics', () => {
  it('counts entries, subjects and outcomes per actor as the log holds them', async () => {
    const response = await api.request(
      AccessLogStatisticsDocument,
      { from: from.toISOString(), to: to.toISOString(), groupBy: 'ACTOR' },
      { token: await api.login('privacy.demo') },
    );
    expect(response.errors).toBeUndefined();
    const want = await expected([from, to], (row) =>
      row.actor_user_id === null ? 'none' : globalId('User', row.actor_user_id),
    );
    const got = Object.fromEntries(response.data!.accessLogStatistics.map((row) => [row.key, counts(row)]));
    expect(got).toEqual(want);
    const byName = Object.fromEntries(response.data!.accessLogStatistics.map((row) => [row.actor?.username, row]));
    expect(byName['worker.demo'].denied).toBe(1);
    expect(byName['worker.demo'].full).toBeGreaterThan(0);
    // Six residents, all masked, and its login: a FULL entry whose subject is the account (a security event).
    expect(byName['center.demo']).toMatchObject({ subjects: 7, full: 1 });
    expect(byName['center.demo'].masked).toBeGreaterThan(0);
  });

  it('groups by role and by department', async () => {
    const token = await api.login('privacy.demo');
    const period = { from: from.toISOString(), to: to.toISOString() };
    const byRole = await api.request(AccessLogStatisticsDocument, { ...period, groupBy: 'ROLE' }, { token });
    expect(Object.fromEntries(byRole.data!.accessLogStatistics.map((row) => [row.role, counts(row)]))).toEqual(
      await expected([from, to], (row) => row.actor_role ?? 'null'),
    );
    const byDepartment = await api.request(
      AccessLogStatisticsDocument,
      { ...period, groupBy: 'DEPARTMENT' },
      { token },
    );
    const want = await expected([from, to], (row) =>
      row.actor_department_id === null ? 'none' : globalId('Department', row.actor_department_id),
    );
    expect(Object.fromEntries(byDepartment.data!.accessLogStatistics.map((row) => [row.key, counts(row)]))).toEqual(
      want,
    );
  });

  it('counts days in the review time zone (Asia/Shanghai), in calendar order', async () => {
    const worker = await demoUser(api, 'worker.demo');
    // 23:30 UTC on the 10th is already the 11th in Shanghai.
    const late = shanghaiTime(2, 11, 7, 30);
    const early = shanghaiTime(2, 10, 9, 0);
    await appendEntries(api, [
      { actor: worker, at: early, entityId: 1 },
      { actor: worker, at: late, entityId: 2 },
      { actor: worker, at: late, entityId: 2, outcome: 'DENIED' },
    ]);
    const period: [Date, Date] = [shanghaiTime(2, 10, 0), shanghaiTime(2, 12, 0)];
    const response = await api.request(
      AccessLogStatisticsDocument,
      { from: period[0].toISOString(), to: period[1].toISOString(), groupBy: 'DAY' },
      { token: await api.login('privacy.demo') },
    );
    const day = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(date);
    expect(response.data!.accessLogStatistics.map((row) => [row.day, counts(row)])).toEqual([
      [day(early), { entries: 1, subjects: 1, full: 1, masked: 0, denied: 0 }],
      [day(late), { entries: 2, subjects: 1, full: 1, masked: 0, denied: 1 }],
    ]);
  });

  it('is itself a read of the log, and is recorded', async () => {
    const mark = await logMark(api);
    await api.request(
      AccessLogStatisticsDocument,
      { from: from.toISOString(), to: to.toISOString(), groupBy: 'ROLE' },
      { token: await api.login('privacy.demo') },
    );
    const entries = await entriesAfter(api, mark);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'SEARCH',
      entity_type: 'AccessLog',
      entity_id: null,
      outcome: 'FULL',
      actor_role: 'PRIVACY_OFFICER',
    });
  });

  it('is for the posts that review the log, and needs a period', async () => {
    const period = { from: from.toISOString(), to: to.toISOString(), groupBy: 'ACTOR' as const };
    for (const username of ['worker.demo', 'admin.demo', 'resident.demo']) {
      const response = await api.request(AccessLogStatisticsDocument, period, { token: await api.login(username) });
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const backwards = await api.request(
      AccessLogStatisticsDocument,
      { ...period, from: period.to, to: period.from },
      { token: await api.login('privacy.demo') },
    );
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'to' });
  });
});
