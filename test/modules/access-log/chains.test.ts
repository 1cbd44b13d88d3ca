import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { ResidentFieldsDocument, VerifyAccessLogDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import { loadConfig } from '../../../src/config/config';
import { sealAccessLog, sealKey } from '../../../src/audit/access-log-seal';
import { tamperWith, verify } from './log-support';

interface Placed {
  id: string;
  chain: number;
  position: string;
}
let api: TestApi;
let privacy: string;

const tamper = (work: (client: Client) => Promise<unknown>) => tamperWith(api, work);
const seal = () => sealAccessLog(api.orm.em.fork() as EntityManager, sealKey(loadConfig({ NODE_ENV: 'test' })));

/**
 * Verifying through the API is itself logged: its entries go to whichever chain head is free. While a test
 * has rearranged a chain, that chain's head is held (appends skip a held head), so the request's own entries
 * land elsewhere and cannot fill the gap the test made.
 */
async function verifyThroughApi(sparedChain?: number) {
  const range = {
    from: new Date(Date.now() - 86_400_000).toISOString(),
    to: new Date(Date.now() + 60_000).toISOString(),
  };
  const holder = new Client({ connectionString: api.databaseUrl });
  await holder.connect();
  try {
    await holder.query('begin');
    if (sparedChain !== undefined)
      await holder.query('select 1 from access_log_chain where chain = $1 for update', [sparedChain]);
    const response = await api.request(VerifyAccessLogDocument, range, { token: privacy });
    return response.data!.verifyAccessLog;
  } finally {
    await holder.query('rollback');
    await holder.end();
  }
}

/** An entry inside a chain (neither its first nor its last), and the one after it. */
async function middleOf(chain: number): Promise<{ victim: Placed; next: Placed }> {
  const rows = await sql<Placed>(
    api,
    'select id::text, chain, position::text from access_log a where chain = $1 order by a.position offset 1 limit 2',
    [chain],
  );
  return { victim: rows[0], next: rows[1] };
}

beforeAll(async () => {
  api = await startTestApi();
  privacy = await api.login('privacy.demo');
  const token = await api.login('worker.demo');
  for (let wave = 0; wave < 4; wave++)
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api.request(ResidentFieldsDocument, { id: globalId('Resident', 100 + i) }, { token }),
      ),
    );
  // One server process sends its requests' entries together (group commit); writers appending at the same
  // time (several processes) each hold a chain, so the next takes another.
  await appendSideBySide(3, 4);
  await seal();
}, 60_000);
afterAll(() => api.close());

/** `writers` connections each append `entries` reads inside one open transaction, all committed at the end. */
async function appendSideBySide(writers: number, entries: number): Promise<void> {
  const clients = Array.from({ length: writers }, () => new Client({ connectionString: api.databaseUrl }));
  await Promise.all(clients.map((client) => client.connect()));
  try {
    for (const [index, client] of clients.entries()) {
      await client.query('begin');
      for (let n = 0; n < entries; n++) {
        const entry = {
          request_id: randomUUID(),
          action: 'READ',
          entity_type: 'Resident',
          entity_id: 100 + index,
          fields: ['name'],
          outcome: 'FULL',
          basis: 'ROLE_SCOPE',
        };
        await client.query('select append_access_log($1::jsonb)', [JSON.stringify([entry])]);
      }
    }
    for (const client of clients) await client.query('commit');
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

/**
 * A request that gave up waiting for the log (fail closed) may still commit its entries later, even after
 * waiting for a pooled connection; on a busy machine that can happen while a test below is rearranging a
 * chain, so each starts once the server's pool is idle and no append runs in the database.
 */
beforeEach(async () => {
  const pool = (
    api.orm.em.getConnection().getKnex().client as { pool: { numUsed(): number; numPendingAcquires(): number } }
  ).pool;
  for (let tries = 0; tries < 100; tries++) {
    const [row] = await sql<{ n: number }>(
      api,
      `select count(*)::int as n from pg_stat_activity
        where pid <> pg_backend_pid() and state <> 'idle' and query like '%append_access_log%'`,
    );
    if (row.n === 0 && pool.numUsed() === 0 && pool.numPendingAcquires() === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

/** Chains holding at least four entries, so that each has a middle. */
async function busyChains(): Promise<number[]> {
  const rows = await sql<{ chain: number }>(
    api,
    'select chain from access_log where chain is not null group by chain having count(*) >= 4 order by chain',
  );
  return rows.map((row) => row.chain);
}

it('spreads writers appending at the same time over several chains, and the whole log with its checkpoint verifies', async () => {
  expect((await busyChains()).length).toBeGreaterThan(1);
  expect(await verify(api)).toMatchObject({ ok: true });
  const result = await verifyThroughApi();
  expect(result).toMatchObject({ ok: true, firstBadEntry: null, problem: null });
  expect(result.checkpointsChecked).toBeGreaterThan(0);
});

it('names a changed entry in whichever chain it is', async () => {
  for (const chain of await busyChains()) {
    const { victim } = await middleOf(chain);
    await tamper((c) =>
      c.query("update access_log set fields = array_append(fields, 'gender') where id = $1", [victim.id]),
    );
    expect(await verify(api)).toMatchObject({ ok: false, first_bad_id: victim.id });
    await tamper((c) =>
      c.query("update access_log set fields = array_remove(fields, 'gender') where id = $1", [victim.id]),
    );
  }
  expect((await verify(api)).ok).toBe(true);
});

it('names the entry after a deleted one in its chain, and an inserted one', async () => {
  const [chain] = (await busyChains()).slice(-1);
  const { victim, next } = await middleOf(chain);
  const [{ row }] = await sql<{ row: unknown }>(api, 'select to_jsonb(a) as row from access_log a where id = $1', [
    victim.id,
  ]);
  await tamper((c) => c.query('delete from access_log where id = $1', [victim.id]));
  expect(await verify(api)).toMatchObject({ ok: false, first_bad_id: next.id });
  await tamper((c) =>
    c.query('insert into access_log select * from jsonb_populate_record(null::access_log, $1::jsonb)', [row]),
  );
  expect((await verify(api)).ok).toBe(true);
  // A copy at the same place with a made-up hash.
  await tamper((c) =>
    c.query(
      `insert into access_log select id + 1000000, occurred_at, request_id, operation_name, actor_user_id, actor_role,
              actor_department_id, client_address, action, entity_type, entity_id, fields, outcome, purpose, basis,
              rule, hash, repeat('f', 64), chain, position + 1 from access_log where id = $1`,
      [victim.id],
    ),
  );
  expect(await verify(api)).toMatchObject({ ok: false, first_bad_id: String(Number(victim.id) + 1_000_000) });
  await tamper((c) => c.query('delete from access_log where id = $1', [Number(victim.id) + 1_000_000]));
  expect((await verify(api)).ok).toBe(true);
});

it('catches the end of a chain cut off: by its head, and by the signed checkpoint when the head is moved too', async () => {
  const [chain] = await busyChains();
  await seal();
  const [last, before] = await sql<Placed & { hash: string; row: unknown }>(
    api,
    `select id::text, chain, position::text, hash, to_jsonb(a) as row from access_log a
      where chain = $1 order by a.position desc limit 2`,
    [chain],
  );
  await tamper((c) => c.query('delete from access_log where id = $1', [last.id]));
  const cut = await verify(api);
  expect(cut).toMatchObject({ ok: false, first_bad_id: before.id });
  await tamper((c) =>
    c.query('update access_log_chain set position = $2, hash = $3 where chain = $1', [
      chain,
      before.position,
      before.hash,
    ]),
  );
  // The chains alone now look whole; only the checkpoint, signed with a key the database lacks, disagrees.
  expect((await verify(api)).ok).toBe(true);
  const sealed = await verifyThroughApi(chain);
  expect(sealed.ok).toBe(false);
  expect(sealed.problem).toMatch(new RegExp(`chain ${chain} position ${last.position} is missing`));
  await tamper(async (c) => {
    await c.query('insert into access_log select * from jsonb_populate_record(null::access_log, $1::jsonb)', [
      last.row,
    ]);
    await c.query('update access_log_chain set position = $2, hash = $3 where chain = $1', [
      chain,
      last.position,
      (last.row as { hash: string }).hash,
    ]);
  });
  expect((await verifyThroughApi()).ok).toBe(true);
});

it('refuses a checkpoint this service did not sign', async () => {
  await tamper((c) =>
    c.query(
      `insert into access_log_seal (sealed_at, heads, root, signature)
       select now(), jsonb_agg(jsonb_build_object('chain', chain, 'position', position, 'hash', hash) order by chain),
              repeat('a', 64), repeat('b', 64) from access_log_chain`,
    ),
  );
  const forged = await verifyThroughApi();
  expect(forged).toMatchObject({ ok: false, firstBadEntry: null });
  expect(forged.problem).toMatch(/not signed by this service/);
  await tamper((c) => c.query("delete from access_log_seal where signature = repeat('b', 64)"));
  expect((await verifyThroughApi()).ok).toBe(true);
});
