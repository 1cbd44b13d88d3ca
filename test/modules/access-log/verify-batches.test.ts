import type { EntityManager } from '@mikro-orm/postgresql';
import { ResidentFieldsDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import { verifyChains } from '../../../src/modules/access-log/chain-check';
import { tamperWith } from './log-support';

interface Placed {
  id: string;
  chain: number;
  position: string;
}
let api: TestApi;
const from = new Date(Date.now() - 86_400_000);
const to = new Date(Date.now() + 3_600_000);
const BATCHES = [1, 2, 3, 7, 50_000];

/** The one-statement verification, which the batched one must agree with. */
async function inOneStatement() {
  const [row] = await sql<{ ok: boolean; checked: string; first_bad_id: string | null; problem: string | null }>(
    api,
    'select ok, checked::text, first_bad_id::text, problem from verify_access_log($1, $2)',
    [from, to],
  );
  return { ok: row.ok, checked: Number(row.checked), firstBadId: row.first_bad_id, problem: row.problem };
}

/** Every batch size gives the one-statement answer. */
async function expectBatchesAgree() {
  const expected = await inOneStatement();
  for (const batch of BATCHES)
    expect(await verifyChains(api.orm.em.fork() as EntityManager, from, to, batch)).toEqual(expected);
  return expected;
}

/** The longest chain's entries in position order. */
async function longestChain(): Promise<Placed[]> {
  const [{ chain }] = await sql<{ chain: number }>(
    api,
    'select chain from access_log where chain is not null group by chain order by count(*) desc, chain limit 1',
  );
  return sql<Placed>(
    api,
    'select id::text, chain, position::text from access_log a where chain = $1 order by a.position',
    [chain],
  );
}

beforeAll(async () => {
  api = await startTestApi();
  const token = await api.login('worker.demo');
  // One after another, the requests mostly take the same connection and so the same chain.
  for (let i = 0; i < 16; i++) await api.request(ResidentFieldsDocument, { id: globalId('Resident', 100) }, { token });
  for (let wave = 0; wave < 3; wave++)
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        api.request(ResidentFieldsDocument, { id: globalId('Resident', 100 + i) }, { token }),
      ),
    );
}, 60_000);
afterAll(() => api.close());

it('checks every entry in batches of any size, as the one statement does', async () => {
  const whole = await expectBatchesAgree();
  expect(whole.ok).toBe(true);
  const [{ n }] = await sql<{ n: number }>(api, 'select count(*)::int as n from access_log where occurred_at >= $1', [
    from,
  ]);
  expect(whole.checked).toBe(n);
});

it('names a changed entry on either side of a batch boundary', async () => {
  const entries = await longestChain();
  expect(entries.length).toBeGreaterThanOrEqual(9);
  for (const victim of [entries[2], entries[3], entries[7]]) {
    await tamper("update access_log set fields = array_append(fields, 'gender') where id = $1", victim.id);
    expect(await expectBatchesAgree()).toMatchObject({ ok: false, firstBadId: victim.id });
    await tamper("update access_log set fields = array_remove(fields, 'gender') where id = $1", victim.id);
  }
  expect((await expectBatchesAgree()).ok).toBe(true);
});

it('names the entry after a removed one across a boundary, and a chain cut short', async () => {
  const entries = await longestChain();
  const [{ row }] = await sql<{ row: unknown }>(api, 'select to_jsonb(a) as row from access_log a where id = $1', [
    entries[3].id,
  ]);
  await tamper('delete from access_log where id = $1', entries[3].id);
  expect(await expectBatchesAgree()).toMatchObject({ ok: false, firstBadId: entries[4].id });
  await putBack(row);
  const last = entries.at(-1)!;
  const [{ row: lastRow }] = await sql<{ row: unknown }>(
    api,
    'select to_jsonb(a) as row from access_log a where id = $1',
    [last.id],
  );
  await tamper('delete from access_log where id = $1', last.id);
  expect(await expectBatchesAgree()).toMatchObject({ ok: false, firstBadId: entries.at(-2)!.id });
  await putBack(lastRow);
  expect((await expectBatchesAgree()).ok).toBe(true);
});

function tamper(statement: string, id: string) {
  return tamperWith(api, (c) => c.query(statement, [id]));
}

function putBack(row: unknown) {
  return tamperWith(api, (c) =>
    c.query('insert into access_log select * from jsonb_populate_record(null::access_log, $1::jsonb)', [row]),
  );
}
