import { Client } from 'pg';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import { appendEntries, DemoUser, demoUser, residentIds, shanghaiTime } from './review-support';

const COLUMNS = [
  'id',
  'occurred_at',
  'request_id',
  'operation_name',
  'actor_user_id',
  'actor_username',
  'actor_role',
  'actor_department_id',
  'client_address',
  'action',
  'entity_type',
  'entity_id',
  'subject_ids',
  'fields',
  'outcome',
  'purpose',
  'basis',
  'rule',
  'prev_hash',
  'hash',
  'chain',
  'position',
];

let api: TestApi;
let worker: DemoUser;
let leader: DemoUser;
let subjects: number[];
const from = shanghaiTime(4, 3, 0);
const to = shanghaiTime(4, 5, 0);
beforeAll(async () => {
  api = await startTestApi({ AUDIT_WAIT_MS: '200' });
  worker = await demoUser(api, 'worker.demo');
  leader = await demoUser(api, 'leader.demo');
  subjects = await residentIds(api, 3000);
  // Enough entries to take many chunks of the stream; one of them names a field like a formula.
  const day = (i: number) => shanghaiTime(4, 3, 9, 0, i);
  await appendEntries(
    api,
    subjects.map((entityId, i) => ({
      actor: i % 3 ? worker : leader,
      at: day(i),
      entityId,
      outcome: i % 7 ? 'FULL' : 'MASKED',
    })),
  );
  await appendEntries(api, [
    { actor: leader, at: shanghaiTime(4, 4, 9), entityId: subjects[0], purpose: '=HYPERLINK("x")' },
  ]);
});
afterAll(() => api.close());

async function download(query: string, token?: string) {
  const response = await fetch(`${new URL(api.url).origin}/exports/access-logs?${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

const period = `from=${from.toISOString()}&to=${to.toISOString()}`;

async function countIn(where = '', params: unknown[] = []): Promise<number> {
  const [row] = await sql<{ n: number }>(
    api,
    `select count(*)::int as n from access_log where occurred_at >= $1 and occurred_at < $2 ${where}`,
    [from, to, ...params],
  );
  return row.n;
}

async function lastExport() {
  const [row] = await sql<{
    fields: string[];
    outcome: string;
    actor_role: string;
    entity_type: string;
    basis: string;
  }>(
    api,
    `select fields, outcome, actor_role::text, entity_type, basis from access_log where action = 'EXPORT' order by id desc limit 1`,
  );
  return row;
}

describe('access-log export', () => {
  it('streams the period as CSV with a header, one line per entry', async () => {
    const result = await download(`format=csv&${period}`, await api.login('privacy.demo'));
    expect(result.status).toBe(200);
    expect(result.type).toMatch(/^text\/csv/);
    const lines = result.text.trimEnd().split('\n');
    expect(lines[0].split(',')).toEqual(COLUMNS);
    expect(lines).toHaveLength(1 + (await countIn()));
    expect(lines[1]).toContain('leader.demo');
    expect(lines[1]).toContain('name;phone');
    // A spreadsheet must not run text a client chose.
    expect(result.text).toContain(`'=HYPERLINK`);
  });

  it('streams the same entries as NDJSON, one typed JSON document a line', async () => {
    const result = await download(`format=ndjson&${period}`, await api.login('privacy.demo'));
    expect(result.status).toBe(200);
    expect(result.type).toMatch(/^application\/x-ndjson/);
    const documents = result.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(documents).toHaveLength(await countIn());
    expect(Object.keys(documents[0])).toEqual(COLUMNS);
    expect(documents[0]).toMatchObject({
      actor_username: 'leader.demo',
      entity_type: 'Resident',
      fields: ['name', 'phone'],
    });
    expect(documents.at(-1)!.purpose).toBe('=HYPERLINK("x")');
  });

  it('filters by actor and subject as the accessLogs query does', async () => {
    const token = await api.login('privacy.demo');
    const byActor = await download(`format=ndjson&${period}&actor=${globalId('User', leader.id)}`, token);
    const actorRows = byActor.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { actor_user_id: number });
    expect(actorRows).toHaveLength(await countIn('and actor_user_id = $3', [leader.id]));
    expect(actorRows.every((row) => row.actor_user_id === leader.id)).toBe(true);
    const bySubject = await download(`format=csv&${period}&subject=${globalId('Resident', subjects[0])}`, token);
    expect(bySubject.text.trimEnd().split('\n')).toHaveLength(
      1 +
        (await countIn(`and entity_type = 'Resident' and (entity_id = $3 or subject_ids @> array[$3]::int[])`, [
          subjects[0],
        ])),
    );
  });

  it('is itself recorded, as one EXPORT entry naming the exported columns', async () => {
    const [before] = await sql<{ n: number }>(api, `select count(*)::int as n from access_log where action = 'EXPORT'`);
    await download(`format=csv&${period}`, await api.login('privacy.demo'));
    const [after] = await sql<{ n: number }>(api, `select count(*)::int as n from access_log where action = 'EXPORT'`);
    expect(after.n).toBe(before.n + 1);
    expect(await lastExport()).toEqual({
      fields: COLUMNS,
      outcome: 'FULL',
      actor_role: 'PRIVACY_OFFICER',
      entity_type: 'AccessLog',
      basis: 'ROLE_SCOPE',
    });
  });

  it('needs a token (401) and a post that reviews the log (403, recorded as DENIED)', async () => {
    const anonymous = await download(`format=csv&${period}`);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await download(`format=csv&${period}`, 'not-a-token')).status).toBe(401);
    const refused = await download(`format=csv&${period}`, await api.login('worker.demo'));
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('FORBIDDEN');
    expect(refused.text).not.toContain('worker.demo');
    expect(await lastExport()).toMatchObject({ outcome: 'DENIED', actor_role: 'GRID_WORKER', fields: ['*'] });
  });

  it('answers a bad parameter with 400 naming it', async () => {
    const token = await api.login('privacy.demo');
    const cases: [string, string][] = [
      ['format=xml', 'format'],
      ['from=yesterday', 'from'],
      [`from=${to.toISOString()}&to=${from.toISOString()}`, 'to'],
      ['actor=garbage', 'actor'],
      [`actor=${globalId('Resident', 1)}`, 'actor'],
      ['subject=garbage', 'subject'],
      ['format=csv&format=ndjson', 'format'],
      ['limit=10', 'limit'],
    ];
    for (const [query, name] of cases) {
      const result = await download(query, token);
      expect([query, result.status, JSON.parse(result.text).errors[0].extensions]).toEqual([
        query,
        400,
        { code: 'BAD_USER_INPUT', argumentName: name },
      ]);
    }
  });

  it('fails closed: when the export cannot be recorded, 503 and not one entry is sent', async () => {
    const blocker = new Client({ connectionString: api.databaseUrl });
    await blocker.connect();
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await blocker.query('select pg_advisory_lock(3706140002)');
      const result = await download(`format=csv&${period}`, await api.login('privacy.demo'));
      expect(result.status).toBe(503);
      expect(JSON.parse(result.text)).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: 'AUDIT_UNAVAILABLE' } }],
      });
      expect(result.text).not.toContain('worker.demo');
      expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^access log unavailable, export refused/));
    } finally {
      logged.mockRestore();
      await blocker.end();
    }
  });
});
