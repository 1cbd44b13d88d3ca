import { ResidentByIdDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { assignedPaths, sql } from '../../support/sql';
import { registryWorld, RegistryWorld } from '../resident/registry-support';
import { Answer, call, csvRows, xlsxRows } from './transfer-support';

let api: TestApi;
let world: RegistryWorld;
const PURPOSE = { 'x-access-purpose': 'WELFARE_CHECK' };

beforeAll(async () => {
  api = await startTestApi();
  world = await registryWorld(api);
}, 60_000);

afterAll(() => api?.close());

/** The EXPORT entries of one export request, by the request id its answer carries. */
async function exportEntries(answer: Answer) {
  return sql<{ entity_id: number; outcome: string; fields: string[] }>(
    api,
    `select entity_id, outcome, fields from access_log where request_id = $1 and action = 'EXPORT' order by entity_id`,
    [answer.headers.get('x-request-id')],
  );
}

/** The exported rows agree with what the GraphQL fields give the same caller, field for field. */
async function expectSameAsGraphql(username: string, rows: string[][], headers: Record<string, string> = {}) {
  const [heading, ...data] = rows;
  const column = (name: string) => heading.indexOf(name);
  const token = await api.tokenFor(username);
  for (const row of data.slice(0, 3)) {
    const answer = await api.request(ResidentByIdDocument, { id: row[0] }, { token, headers });
    const resident = answer.data!.resident!;
    expect([row[column('name')], row[column('phone')], row[column('idNumber')]]).toEqual(
      [resident.name, resident.phone, resident.idNumber].map((value) => value ?? ''),
    );
  }
}

describe('exportResidents', () => {
  it('gives worker.demo its grids’ residents at its tiers as CSV with a BOM, one EXPORT per person', async () => {
    const answer = await call(api, 'worker.demo', '/exports/residents?format=csv');
    expect(answer.status).toBe(200);
    expect([...answer.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvRows(answer.bytes);
    const [expected] = await sql<{ n: string }>(api, 'select count(*) as n from resident where grid_path = any($1)', [
      await assignedPaths(api, 'worker.demo'),
    ]);
    expect(rows.length - 1).toBe(Number(expected.n));
    const entries = await exportEntries(answer);
    expect(entries.map((entry) => entry.entity_id)).toEqual(
      rows
        .slice(1)
        .map((row) => Number(Buffer.from(row[0], 'base64url').toString().split(':')[1]))
        .sort((a, b) => a - b),
    );
    await expectSameAsGraphql('worker.demo', rows);
  });

  it('gives the street admin its masked ID-card numbers (T3) as xlsx', async () => {
    const answer = await call(api, 'street.demo', `/exports/residents?grid=${world.workerGrid.globalId}`);
    expect(answer.status).toBe(200);
    const rows = await xlsxRows(answer.bytes);
    const idNumbers = rows.slice(1).map((row) => row[rows[0].indexOf('idNumber')]);
    expect(idNumbers.length).toBeGreaterThan(0);
    for (const value of idNumbers) expect(value).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    expect((await exportEntries(answer)).every((entry) => entry.outcome === 'MASKED')).toBe(true);
    await expectSameAsGraphql('street.demo', rows);
  });

  it('binds a department to its delegation: refused without a purpose, only the delegated fields with it', async () => {
    const refused = await call(api, 'dept.demo', '/exports/residents?format=csv');
    expect(refused).toMatchObject({ status: 403, json: { errors: [{ extensions: { code: 'PURPOSE_REQUIRED' } }] } });
    const [denied] = await sql<{ n: string }>(
      api,
      `select count(*) as n from access_log where request_id = $1 and action = 'EXPORT' and outcome = 'DENIED'`,
      [refused.headers.get('x-request-id')],
    );
    expect(denied.n).toBe('1');

    const answer = await call(api, 'dept.demo', '/exports/residents?format=csv', { headers: PURPOSE });
    expect(answer.status).toBe(200);
    const rows = csvRows(answer.bytes);
    expect(rows.length).toBeGreaterThan(1);
    const idNumbers = rows.slice(1).map((row) => row[rows[0].indexOf('idNumber')]);
    expect(idNumbers.every((value) => value === '')).toBe(true);
    const entries = await exportEntries(answer);
    expect(entries).toHaveLength(rows.length - 1);
    for (const entry of entries) expect(entry.fields).not.toContain('idNumber');
    await expectSameAsGraphql('dept.demo', rows, PURPOSE);
  });
});

describe('exportCases', () => {
  it('exports the caller’s cases, each logged as EXPORT', async () => {
    const answer = await call(api, 'worker.demo', '/exports/cases');
    expect(answer.status).toBe(200);
    const rows = await xlsxRows(answer.bytes);
    expect(await exportEntries(answer)).toHaveLength(rows.length - 1);
    expect(rows.length).toBeGreaterThan(1);
  });
});
