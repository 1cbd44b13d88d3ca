import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import { ResidentFieldsDocument, VerifyAccessLogDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import { loadConfig } from '../../../src/config/config';
import { sealAccessLog, sealKey } from '../../../src/audit/access-log-seal';
import { tamperWith } from './log-support';

interface SealRow {
  id: string;
  prev_id: string | null;
  row: unknown;
}
let api: TestApi;
let privacy: string;

const seal = () => sealAccessLog(api.orm.em.fork() as EntityManager, sealKey(loadConfig({ NODE_ENV: 'test' })));
const tamper = (work: (client: Client) => Promise<unknown>) => tamperWith(api, work);
const seals = () =>
  sql<SealRow>(api, 'select id::text, prev_id::text, to_jsonb(s) as row from access_log_seal s order by s.id');
const putBack = (row: unknown) =>
  tamper((c) =>
    c.query('insert into access_log_seal select * from jsonb_populate_record(null::access_log_seal, $1::jsonb)', [row]),
  );

async function verifyThroughApi() {
  const range = {
    from: new Date(Date.now() - 86_400_000).toISOString(),
    to: new Date(Date.now() + 60_000).toISOString(),
  };
  const response = await api.request(VerifyAccessLogDocument, range, { token: privacy });
  return response.data!.verifyAccessLog;
}

async function readSomeResidents(): Promise<void> {
  const token = await api.login('worker.demo');
  for (let i = 0; i < 3; i++)
    await api.request(ResidentFieldsDocument, { id: globalId('Resident', 100 + i) }, { token });
}

beforeAll(async () => {
  api = await startTestApi();
  privacy = await api.login('privacy.demo');
  for (let i = 0; i < 4; i++) {
    await readSomeResidents();
    await seal();
  }
}, 60_000);
afterAll(() => api.close());

it('links every checkpoint to the one before it, and an untouched log verifies', async () => {
  const all = await seals();
  expect(all.length).toBeGreaterThanOrEqual(4);
  expect(all[0].prev_id).toBe('0');
  all.slice(1).forEach((seal, i) => expect(seal.prev_id).toBe(all[i].id));
  const result = await verifyThroughApi();
  expect(result).toMatchObject({ ok: true, problem: null });
  expect(result.checkpointsChecked).toBe(all.length);
});

it('refuses to delete or change a checkpoint', async () => {
  const [first] = await seals();
  await expect(sql(api, 'delete from access_log_seal where id = $1', [first.id])).rejects.toThrow();
  await expect(
    sql(api, "update access_log_seal set root = repeat('0', 64) where id = $1", [first.id]),
  ).rejects.toThrow();
});

it('names a checkpoint removed between two others', async () => {
  const [, victim, next] = await seals();
  await tamper((c) => c.query('delete from access_log_seal where id = $1', [victim.id]));
  const removed = await verifyThroughApi();
  expect(removed).toMatchObject({ ok: false, firstBadEntry: null });
  expect(removed.problem).toBe(`checkpoint ${victim.id} was removed: checkpoint ${next.id} links to it`);
  await putBack(victim.row);
  expect((await verifyThroughApi()).ok).toBe(true);
});

it('names a checkpoint altered, and one whose signature was replaced', async () => {
  const [, victim] = await seals();
  await tamper((c) =>
    c.query("update access_log_seal set sealed_at = sealed_at - interval '1 second' where id = $1", [victim.id]),
  );
  expect((await verifyThroughApi()).problem).toBe(
    `checkpoint ${victim.id} is not signed by this service (forged or altered)`,
  );
  await tamper(async (c) => {
    await c.query('delete from access_log_seal where id = $1', [victim.id]);
    await c.query('insert into access_log_seal select * from jsonb_populate_record(null::access_log_seal, $1::jsonb)', [
      { ...(victim.row as object), signature: 'c'.repeat(64) },
    ]);
  });
  expect((await verifyThroughApi()).problem).toBe(
    `checkpoint ${victim.id} is not signed by this service (forged or altered)`,
  );
  await tamper((c) => c.query('delete from access_log_seal where id = $1', [victim.id]));
  await putBack(victim.row);
  expect((await verifyThroughApi()).ok).toBe(true);
});

it('notices the newest checkpoint removed, and the next checkpoint keeps naming it', async () => {
  const newest = (await seals()).at(-1)!;
  await tamper((c) => c.query('delete from access_log_seal where id = $1', [newest.id]));
  const removed = await verifyThroughApi();
  expect(removed).toMatchObject({ ok: false, firstBadEntry: null });
  expect(removed.problem).toBe(`checkpoint ${newest.id}, the newest this instance knows of, was removed`);
  // Sealing again links to the removed one, not to the newest left: the removal is now in a signed checkpoint.
  expect((await seal()).missing).toBe(newest.id);
  const after = (await seals()).at(-1)!;
  expect(after.prev_id).toBe(newest.id);
  expect((await verifyThroughApi()).problem).toBe(
    `checkpoint ${newest.id} was removed: checkpoint ${after.id} links to it`,
  );
  await putBack(newest.row);
  expect((await verifyThroughApi()).ok).toBe(true);
});

it('keeps the links whole when several seal at the same moment', async () => {
  const before = (await seals()).length;
  await Promise.all(Array.from({ length: 6 }, () => seal()));
  const all = await seals();
  expect(all.length).toBe(before + 6);
  all.slice(1).forEach((seal, i) => expect(seal.prev_id).toBe(all[i].id));
  expect((await verifyThroughApi()).ok).toBe(true);
});
