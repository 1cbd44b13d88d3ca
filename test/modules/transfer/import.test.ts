import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readResidentSheet, SheetRow } from '../../../src/common/resident-sheet';
import { isCalendarDate, isValidIdNumber } from '../../../src/common/id-number';
import { BAD_EVERY, SAMPLE_ROWS } from '../../../seeds/resident-import-sample';
import { startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import { deniedCount, registryWorld, RegistryWorld } from '../resident/registry-support';
import { call, finishedJob } from './transfer-support';

const SAMPLE = readFileSync(path.join(__dirname, '../../../seeds/residents-import-sample.xlsx'));
const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
let api: TestApi;
let world: RegistryWorld;

beforeAll(async () => {
  api = await startTestApi();
  world = await registryWorld(api);
}, 60_000);

afterAll(() => api?.close());

/**
 * The rows of the sample that cannot register, found from the file itself: a number failing its check
 * character, a day not in the calendar, a phone of neither form, a number already in the district or on an
 * earlier row of the file.
 */
async function badRows(rows: SheetRow[]): Promise<Set<number>> {
  const numbers = rows.map((row) => row.values.idNumber ?? '');
  const known = new Set(
    (await sql<{ id_number: string }>(api, 'select id_number from resident where id_number = any($1)', [numbers])).map(
      (row) => row.id_number,
    ),
  );
  const seen = new Set<string>();
  const bad = new Set<number>();
  for (const { row, values } of rows) {
    const id = values.idNumber ?? '';
    const wrong =
      !isValidIdNumber(id) ||
      !isCalendarDate(values.birthDate ?? '') ||
      (values.phone !== undefined && !PHONE.test(values.phone)) ||
      known.has(id) ||
      seen.has(id);
    if (wrong) bad.add(row);
    else seen.add(id);
  }
  return bad;
}

const post = (username: string, grid: string, body: Buffer) =>
  call(api, username, `/imports/residents?grid=${grid}`, { method: 'POST', body });

describe('importResidents', () => {
  it('registers the valid rows of the 500-row sample and reports each bad row; a retry registers nothing twice', async () => {
    const rows = await readResidentSheet(SAMPLE);
    const bad = await badRows(rows);
    // The sample's own description: every 25th row is wrong, the rest register.
    expect([rows.length, bad.size]).toEqual([SAMPLE_ROWS, SAMPLE_ROWS / BAD_EVERY]);
    const started = await post('worker.demo', world.workerGrid.globalId, SAMPLE);
    expect(started.status).toBe(202);
    expect(started.json.rows).toBe(rows.length);
    const job = await finishedJob(api, 'worker.demo', String(started.json.id));
    expect(job).toMatchObject({ status: 'DONE', totalRows: rows.length, committedRows: rows.length - bad.size });
    const errors = job.errors as { row: number; column: string; reason: string }[];
    expect(new Set(errors.map((error) => error.row))).toEqual(bad);
    for (const error of errors) expect(error.column).toMatch(/^[A-G] (idNumber|birthDate|phone)$/);
    expect(errors.find((error) => error.reason.includes('already registered'))).toBeDefined();

    const numbers = rows.filter((row) => !bad.has(row.row)).map((row) => row.values.idNumber);
    const stored = await sql<{ n: string; histories: string }>(
      api,
      `select count(*) as n, count(c.id) as histories from resident r
         left join change_entry c on c.entity_type = 'Resident' and c.entity_id = r.id and c.action = 'REGISTER'
        where r.id_number = any($1) and r.grid_id = $2`,
      [numbers, world.workerGrid.id],
    );
    expect(stored[0]).toEqual({ n: String(numbers.length), histories: String(numbers.length) });

    const again = await post('worker.demo', world.workerGrid.globalId, SAMPLE);
    expect(again).toMatchObject({ status: 200, json: { id: started.json.id } });
    const [count] = await sql<{ n: string }>(api, 'select count(*) as n from resident where id_number = any($1)', [
      rows.map((row) => row.values.idNumber),
    ]);
    expect(Number(count.n)).toBe(numbers.length);

    // A job a stopped server left half done is taken over by the retry; its rows answer from their receipts.
    await sql(api, `update resident_import set status = 'RUNNING', updated_at = now() - interval '1 hour'`);
    const resumed = await post('worker.demo', world.workerGrid.globalId, SAMPLE);
    expect(resumed).toMatchObject({ status: 202, json: { id: started.json.id } });
    const rerun = await finishedJob(api, 'worker.demo', String(started.json.id));
    expect(rerun).toMatchObject({ status: 'DONE', committedRows: numbers.length, failedRows: bad.size });
    const [after] = await sql<{ n: string }>(api, 'select count(*) as n from resident where id_number = any($1)', [
      rows.map((row) => row.values.idNumber),
    ]);
    expect(Number(after.n)).toBe(numbers.length);
  }, 180_000);

  it('refuses a grid outside the caller’s scope and a post that may not register, logged as DENIED', async () => {
    const before = await deniedCount(api, 'Resident');
    const outside = await post('worker.demo', world.communityGrid.globalId, SAMPLE);
    expect(outside).toMatchObject({ status: 403, json: { errors: [{ extensions: { code: 'FORBIDDEN' } }] } });
    const street = await post('street.demo', world.workerGrid.globalId, SAMPLE);
    expect(street.status).toBe(403);
    expect(await deniedCount(api, 'Resident')).toBe(before + 2);
    const [jobs] = await sql<{ n: string }>(api, 'select count(*) as n from resident_import where grid_id <> $1', [
      world.workerGrid.id,
    ]);
    expect(jobs.n).toBe('0');
  });

  it('refuses a body that is not the template, naming the file', async () => {
    const answer = await post('worker.demo', world.workerGrid.globalId, Buffer.from('name,idNumber\n'));
    expect(answer).toMatchObject({ status: 400, json: { errors: [{ extensions: { argumentName: 'file' } }] } });
  });

  it('serves the empty template', async () => {
    const template = await call(api, 'worker.demo', '/templates/residents.xlsx');
    expect(template.status).toBe(200);
    expect(await readResidentSheet(template.bytes)).toEqual([]);
  });
});
