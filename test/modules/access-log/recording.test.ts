import {
  AccessLogsDocument,
  DelegatedResidentsDocument,
  ResidentAliasesDocument,
  ResidentContactByIdDocument,
  ResidentContactPageDocument,
  ResidentFieldsDocument,
  GridsDocument,
} from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import { Fixtures, loadFixtures, residentId } from '../../policy/fixtures';
import { entriesAfter, logMark } from './log-support';

let api: TestApi;
let fixtures: Fixtures;
beforeAll(async () => {
  api = await startTestApi();
  fixtures = await loadFixtures(api);
});
afterAll(() => api.close());

describe('what the access log records', () => {
  it('records a lookup as one READ entry naming the sensitive fields, not the internal ones', async () => {
    // Logged in first: the login is a log entry (a security event) of its own.
    const token = await api.login('worker.demo');
    const mark = await logMark(api);
    const response = await api.request(ResidentContactByIdDocument, { id: residentId(fixtures.inScope) }, { token });
    const entries = await entriesAfter(api, mark);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'READ',
      entity_type: 'Resident',
      entity_id: fixtures.inScope.id,
      outcome: 'FULL',
      basis: 'ROLE_SCOPE',
      actor_role: 'GRID_WORKER',
    });
    expect(entries[0].fields).toEqual(['idNumber', 'name', 'phone']);
    expect(response.extensions?.accessLogEntries).toBe(1);
  });

  it('records a list as one SEARCH entry per resident returned, in one statement', async () => {
    const mark = await logMark(api);
    const response = await api.request(
      ResidentContactPageDocument,
      { first: 7 },
      { token: await api.login('worker.demo') },
    );
    const entries = await entriesAfter(api, mark);
    const ids = response.data!.residents.nodes.map((node) => node.id);
    expect(entries.map((e) => globalId('Resident', e.entity_id!)).sort()).toEqual([...ids].sort());
    expect(entries.every((e) => e.action === 'SEARCH' && e.fields.join() === 'name,phone')).toBe(true);
  });

  it('records masked reads as MASKED and withheld fields as DENIED', async () => {
    const mark = await logMark(api);
    await api.request(
      ResidentFieldsDocument,
      { id: residentId(fixtures.inScope) },
      { token: await api.login('center.demo') },
    );
    const entries = await entriesAfter(api, mark);
    const byOutcome = Object.fromEntries(entries.map((e) => [e.outcome, e.fields]));
    expect(byOutcome.MASKED).toEqual(['address', 'birthDate', 'name', 'phone']);
    expect(byOutcome.DENIED).toEqual(['categories', 'idNumber']);
    expect(entries.find((e) => e.outcome === 'DENIED')?.rule).toContain('COMMAND_CENTER');
  });

  it('records a field asked for twice under aliases and fragments once per resident', async () => {
    const mark = await logMark(api);
    await api.request(ResidentAliasesDocument, { first: 4 }, { token: await api.login('worker.demo') });
    const entries = await entriesAfter(api, mark);
    expect(entries).toHaveLength(4);
    expect(entries.every((e) => e.fields.join() === 'idNumber,phone')).toBe(true);
  });

  it('records an id outside the scope as a DENIED attempt on that resident', async () => {
    const mark = await logMark(api);
    await api.request(
      ResidentContactByIdDocument,
      { id: residentId(fixtures.delegated) },
      { token: await api.login('worker.demo') },
    );
    const entries = await entriesAfter(api, mark);
    expect(entries).toEqual([
      expect.objectContaining({
        outcome: 'DENIED',
        entity_type: 'Resident',
        entity_id: fixtures.delegated.id,
        action: 'READ',
      }),
    ]);
  });

  it('records reads under a delegation with its basis and the stated purpose', async () => {
    const mark = await logMark(api);
    await api.request(
      DelegatedResidentsDocument,
      { first: 3 },
      { token: await api.login('dept.demo'), headers: { 'x-access-purpose': 'WELFARE_CHECK' } },
    );
    const [delegation] = await sql<{ id: number }>(
      api,
      "select id from delegation where purpose_code = 'WELFARE_CHECK'",
    );
    const reads = (await entriesAfter(api, mark)).filter((e) => e.outcome === 'FULL' && e.entity_type === 'Resident');
    expect(reads).toHaveLength(3);
    expect(reads.every((e) => e.basis === `DELEGATION:${delegation.id}` && e.purpose === 'WELFARE_CHECK')).toBe(true);
    const refused = (await entriesAfter(api, mark)).filter((e) => e.outcome === 'DENIED');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.fields.includes('idNumber') && e.basis === `DELEGATION:${delegation.id}`)).toBe(true);
  });

  it('records nothing for a request that reads nothing sensitive', async () => {
    const mark = await logMark(api);
    await api.request(GridsDocument, { first: 10 }, { token: await api.login('worker.demo') });
    expect(await entriesAfter(api, mark)).toHaveLength(0);
  });

  it('records reading the log itself', async () => {
    const mark = await logMark(api);
    const response = await api.request(AccessLogsDocument, { first: 3 }, { token: await api.login('privacy.demo') });
    expect(response.data!.accessLogs.nodes).toHaveLength(3);
    const entries = await entriesAfter(api, mark);
    expect(entries.filter((e) => e.entity_type === 'AccessLog')).toHaveLength(3);
    expect(entries.every((e) => e.actor_role === 'PRIVACY_OFFICER')).toBe(true);
  });

  it('holds names of fields, never values', async () => {
    const rows = await sql<{ line: string }>(api, 'select row_to_json(a)::text as line from access_log a');
    const text = rows.map((row) => row.line).join('\n');
    for (const value of [fixtures.inScope.phone!, fixtures.inScope.id_number, fixtures.inScope.name])
      expect(text).not.toContain(value);
  });
});

describe("the privacy officer's question", () => {
  it('"who read resident X\'s ID number, on what basis" is one query', async () => {
    await api.request(
      ResidentContactByIdDocument,
      { id: residentId(fixtures.inScope) },
      { token: await api.login('leader.demo') },
    );
    const response = await api.request(
      AccessLogsDocument,
      {
        first: 50,
        filter: {
          subject: residentId(fixtures.inScope),
          field: 'idNumber',
          from: new Date(Date.now() - 30 * 86_400_000).toISOString(),
        },
      },
      { token: await api.login('privacy.demo') },
    );
    const readers = response.data!.accessLogs.nodes.map((n) => `${n.actor?.username}:${n.basis}:${n.outcome}`);
    expect(readers).toEqual(
      expect.arrayContaining([
        'leader.demo:ROLE_SCOPE:FULL',
        'worker.demo:ROLE_SCOPE:FULL',
        'center.demo:ROLE_SCOPE:DENIED',
      ]),
    );
    expect(response.data!.accessLogs.nodes.every((n) => n.fields!.includes('idNumber'))).toBe(true);
  });

  it('is not open to other posts beyond their own reads', async () => {
    const token = await api.login('worker.demo');
    const [worker] = await sql<{ n: string }>(
      api,
      "select count(*) as n from access_log a join app_user u on u.id = a.actor_user_id where u.username = 'worker.demo'",
    );
    const response = await api.request(AccessLogsDocument, { first: 100 }, { token });
    expect(Number(worker.n)).toBeGreaterThan(0);
    expect(response.data!.accessLogs.totalCount).toBe(Number(worker.n));
    expect(response.data!.accessLogs.nodes.every((n) => n.actorRole === 'GRID_WORKER')).toBe(true);
  });
});
