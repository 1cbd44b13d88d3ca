import type { EntityManager } from '@mikro-orm/postgresql';
import { MoveResidentDocument, UpdateResidentDocument, VerifyAccessLogDocument } from '../../generated/graphql';
import { anonymiseMovedOutResidents } from '../../../src/modules/resident/anonymisation';
import { startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import { codeOf, newPerson, register, registryWorld } from './registry-support';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

type Changes = { field: string; old: unknown; new: unknown }[];

/** A person registered by worker.demo, with a changed phone and a membership with details. */
async function person(grid: string): Promise<{ gid: string; id: number }> {
  const token = { token: await api.tokenFor('worker.demo') };
  const input = newPerson(grid);
  const registered = (await register(api, 'worker.demo', input)).data!.registerResident;
  const update = { id: registered.id, expectedVersion: registered.version, phone: '13922223333' };
  expect((await api.request(UpdateResidentDocument, { input: update }, token)).errors).toBeUndefined();
  const [row] = await sql<{ id: number }>(
    api,
    `insert into resident_category (resident_id, category_id, since, details)
     select r.id, (select min(id) from special_category), '2024-01-01', '{"note": "personal"}'
       from resident r where r.id_number = $1 returning resident_id as id`,
    [input.idNumber],
  );
  return { gid: registered.id, id: row.id };
}

async function record(id: number) {
  const [row] = await sql<{ name: string; phone: string | null; id_number: string; address: string; birth: string }>(
    api,
    "select name, phone, id_number, address, to_char(birth_date, 'YYYY-MM-DD') as birth from resident where id = $1",
    [id],
  );
  const entries = await sql<{ action: string; changes: Changes }>(
    api,
    'select action, changes from change_entry where resident_id = $1 order by id',
    [id],
  );
  const details = await sql<{ details: unknown }>(api, 'select details from resident_category where resident_id = $1', [
    id,
  ]);
  return { row, entries, details: details.map((d) => d.details) };
}

describe('anonymisation of residents who moved out of the district', () => {
  it('clears personal fields, details and history values after the retention, leaving others and the log intact', async () => {
    const world = await registryWorld(api);
    const leaving = await person(world.workerGrid.globalId);
    const staying = await person(world.workerGrid.globalId);
    const [{ version }] = await sql<{ version: number }>(api, 'select version from resident where id = $1', [
      leaving.id,
    ]);
    const moved = await api.request(
      MoveResidentDocument,
      { input: { id: leaving.gid, expectedVersion: version, outOfDistrict: true } },
      { token: await api.tokenFor('worker.demo') },
    );
    expect(codeOf(moved).code).toBeUndefined();
    const em = () => api.orm.em.fork() as EntityManager;
    expect(await anonymiseMovedOutResidents(em(), 365)).not.toContain(leaving.id);

    await sql(api, "update resident set moved_out_at = now() - interval '400 days' where id = $1", [leaving.id]);
    const untouched = await record(staying.id);
    expect(await anonymiseMovedOutResidents(em(), 365)).toEqual([leaving.id]);

    const after = await record(leaving.id);
    expect(after.row).toMatchObject({ name: '已匿名', phone: null, address: '', birth: '1985-01-01' });
    expect(after.row.id_number).toMatch(/^ANON\d{14}$/);
    expect(after.details).toEqual([null]);
    expect(after.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['REGISTER', 'UPDATE', 'MOVE_OUT']));
    for (const entry of after.entries) {
      expect(entry.changes.length).toBeGreaterThan(0);
      for (const change of entry.changes) expect(change).toEqual({ field: change.field, old: null, new: null });
    }
    const [done] = await sql<{ history_entries_cleared: number }>(
      api,
      'select history_entries_cleared from resident_anonymisation where resident_id = $1',
      [leaving.id],
    );
    expect(done.history_entries_cleared).toBe(after.entries.length);
    expect(await record(staying.id)).toEqual(untouched);
    expect(untouched.row.phone).toBe('13922223333');
    expect(await anonymiseMovedOutResidents(em(), 365)).toEqual([]);

    const range = {
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    };
    const verified = await api.request(VerifyAccessLogDocument, range, { token: await api.tokenFor('privacy.demo') });
    expect(verified.data?.verifyAccessLog).toMatchObject({ ok: true, firstBadEntry: null });
  });

  it('keeps the history append-only outside the anonymisation', async () => {
    const [entry] = await sql<{ id: string; resident_id: number }>(
      api,
      'select e.id, e.resident_id from change_entry e join resident r on r.id = e.resident_id where r.anonymised_at is null limit 1',
    );
    const blanked = `update change_entry set changes = '[]'::jsonb where id = $1`;
    await expect(sql(api, blanked, [entry.id])).rejects.toThrow(/append-only/);
    await expect(sql(api, 'delete from change_entry where id = $1', [entry.id])).rejects.toThrow(/append-only/);
  });
});
