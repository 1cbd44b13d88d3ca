import type { EntityManager } from '@mikro-orm/postgresql';
import { LegalHoldsDocument, LiftLegalHoldDocument, PlaceLegalHoldDocument } from '../../generated/graphql';
import { loadConfig } from '../../../src/config/config';
import { maintainAccessLog, startAccessLogMaintenance } from '../../../src/modules/access-log/retention';
import { startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import { appendEntries, demoUser, shanghaiTime } from './review-support';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** The partition of the month `monthsAgo` back (negative: ahead), as ensure_access_log_partition names it. */
function partitionOf(monthsAgo: number): { name: string; firstDay: string } {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1));
  const month = String(first.getUTCMonth() + 1).padStart(2, '0');
  return { name: `access_log_${first.getUTCFullYear()}_${month}`, firstDay: first.toISOString().slice(0, 10) };
}

async function exists(partition: string): Promise<boolean> {
  const [row] = await sql<{ present: boolean }>(api, 'select to_regclass($1) is not null as present', [partition]);
  return row.present;
}

async function entriesIn(partition: string): Promise<number> {
  const [row] = await sql<{ n: number }>(api, `select count(*)::int as n from ${partition}`);
  return row.n;
}

const maintain = () => maintainAccessLog(api.orm.em.fork() as EntityManager, loadConfig({}).ACCESS_LOG_RETENTION_DAYS);

describe('retention and legal holds', () => {
  const held = partitionOf(9);
  const expired = partitionOf(10);

  beforeAll(async () => {
    for (const month of [held, expired])
      await sql(api, 'select ensure_access_log_partition($1::date)', [month.firstDay]);
    const worker = await demoUser(api, 'worker.demo');
    await appendEntries(api, [
      { actor: worker, at: shanghaiTime(9, 12, 10), entityId: 1 },
      { actor: worker, at: shanghaiTime(9, 13, 10), entityId: 2 },
      { actor: worker, at: shanghaiTime(10, 12, 10), entityId: 3 },
    ]);
  });

  it('lets a privacy officer place a hold over a period', async () => {
    const token = await api.login('privacy.demo');
    const placed = await api.request(
      PlaceLegalHoldDocument,
      {
        from: shanghaiTime(9, 12, 0).toISOString(),
        to: shanghaiTime(9, 14, 0).toISOString(),
        reason: '区法院调取2026年相关信访案件查阅记录',
      },
      { token },
    );
    expect(placed.errors).toBeUndefined();
    expect(placed.data!.placeLegalHold.placedBy?.username).toBe('privacy.demo');
    const holds = await api.request(LegalHoldsDocument, {}, { token });
    expect(holds.data!.legalHolds.map((hold) => [hold.id, hold.liftedAt])).toEqual([
      [placed.data!.placeLegalHold.id, null],
    ]);
  });

  it('keeps partitions ahead, drops a month past retention, and keeps the one under hold', async () => {
    expect(await entriesIn(held.name)).toBe(2);
    // An empty partition ahead, as if the last run had been long ago: the run makes it again.
    await sql(api, `drop table ${partitionOf(-3).name}`);
    const report = await maintain();
    expect(report.dropped).toContain(expired.name);
    expect(report.dropped).not.toContain(held.name);
    expect(await exists(expired.name)).toBe(false);
    expect(await exists(held.name)).toBe(true);
    expect(await entriesIn(held.name)).toBe(2);
    for (const ahead of [0, -1, -2, -3]) expect(await exists(partitionOf(ahead).name)).toBe(true);
    expect(await exists(partitionOf(1).name)).toBe(true);
  });

  it('gives a partition made later the subject index the others have: one with a small pending list', async () => {
    const later = partitionOf(-40);
    await sql(api, 'select ensure_access_log_partition($1::date)', [later.firstDay]);
    const indexes = await sql<{ partition: string; options: string[] | null }>(
      api,
      `select t.relname as partition, c.reloptions as options
         from pg_inherits h join pg_index x on x.indexrelid = h.inhrelid
         join pg_class c on c.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
        where h.inhparent = 'access_log_subjects_idx'::regclass`,
    );
    await sql(api, `drop table ${later.name}`);
    expect(indexes.map((index) => index.partition)).toContain(later.name);
    for (const { options } of indexes) expect(options).toEqual(['fastupdate=on', 'gin_pending_list_limit=128']);
  });

  it('leaves a chain that still verifies across the month retention removed', async () => {
    await appendEntries(api, [{ actor: await demoUser(api, 'worker.demo'), at: new Date(), entityId: 4 }]);
    const [result] = await sql<{ ok: boolean; problem: string | null }>(
      api,
      "select ok, problem from verify_access_log(now() - interval '2 years', now() + interval '1 day')",
    );
    expect(result).toEqual({ ok: true, problem: null });
    const [checkpoint] = await sql<{ n: number }>(
      api,
      'select count(*)::int as n from access_log_checkpoint where partition_name = $1',
      [expired.name],
    );
    expect(checkpoint.n).toBe(1);
  });

  it('lets the held month go at the next run once the hold is lifted, and not before', async () => {
    const token = await api.login('privacy.demo');
    expect((await maintain()).dropped).toEqual([]);
    const [hold] = (await api.request(LegalHoldsDocument, {}, { token })).data!.legalHolds;
    const lifted = await api.request(LiftLegalHoldDocument, { id: hold.id }, { token });
    expect(lifted.data!.liftLegalHold.liftedBy?.username).toBe('privacy.demo');
    const again = await api.request(LiftLegalHoldDocument, { id: hold.id }, { token });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await maintain()).dropped).toEqual([held.name]);
  });

  it('runs at start-up and stops cleanly', async () => {
    const old = partitionOf(11);
    await sql(api, 'select ensure_access_log_partition($1::date)', [old.firstDay]);
    const maintenance = startAccessLogMaintenance(api.orm, loadConfig({}), () => undefined);
    expect((await maintenance.firstRun)?.dropped).toEqual([old.name]);
    await maintenance.stop();
  });

  it('is for the posts that review the log, with a period and a reason', async () => {
    const period = { from: shanghaiTime(9, 1, 0).toISOString(), to: shanghaiTime(9, 2, 0).toISOString() };
    const worker = await api.request(
      PlaceLegalHoldDocument,
      { ...period, reason: '想保留这段时间的记录以备查' },
      { token: await api.login('worker.demo') },
    );
    expect(worker.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const token = await api.login('privacy.demo');
    const backwards = await api.request(
      PlaceLegalHoldDocument,
      { from: period.to, to: period.from, reason: '区法院调取相关查阅记录' },
      { token },
    );
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'to' });
    const terse = await api.request(PlaceLegalHoldDocument, { ...period, reason: '法院' }, { token });
    expect(terse.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'reason' });
  });
});
