import { Client } from 'pg';
import {
  GridsDocument,
  ResidentContactPageDocument,
  ResidentFieldsDocument,
  VerifyAccessLogDocument,
} from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import { entriesAfter, logMark, verify } from './log-support';

const LOCK = 3706140002;
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ AUDIT_WAIT_MS: '300' });
});
afterAll(() => api.close());

/** Fills the log through the API: a few pages of residents read by the worker. */
async function someReads(target: TestApi, pages = 3): Promise<void> {
  const token = await target.login('worker.demo');
  for (let i = 0; i < pages; i++) await target.request(ResidentContactPageDocument, { first: 5 }, { token });
}

async function asSuperuser<T>(target: TestApi, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: target.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('fail closed', () => {
  it('sends no sensitive value when the log cannot be written, and AUDIT_UNAVAILABLE instead', async () => {
    // Logged in first: a login is itself logged, so it fails closed too while the log is out.
    const token = await api.login('worker.demo');
    await asSuperuser(api, async (blocker) => {
      await blocker.query('select pg_advisory_lock($1)', [LOCK]);
      const response = await api.request(ResidentContactPageDocument, { first: 5 }, { token });
      await blocker.query('select pg_advisory_unlock($1)', [LOCK]);
      expect(response.status).toBe(503);
      expect(response.data).toBeNull();
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['AUDIT_UNAVAILABLE']);
      const [row] = await sql<{ phone: string; name: string }>(
        api,
        'select phone, name from resident where phone is not null order by id limit 1',
      );
      expect(JSON.stringify(response)).not.toMatch(/\d{11}/);
      expect(JSON.stringify(response)).not.toContain(row.name);
    });
  });

  it('still answers requests that read nothing sensitive', async () => {
    const token = await api.login('worker.demo');
    await asSuperuser(api, async (blocker) => {
      await blocker.query('select pg_advisory_lock($1)', [LOCK]);
      const response = await api.request(GridsDocument, { first: 3 }, { token });
      await blocker.query('select pg_advisory_unlock($1)', [LOCK]);
      expect(response.data?.grids.nodes).toHaveLength(3);
    });
  });

  it('fails closed when inserts into the log are refused', async () => {
    const token = await api.login('worker.demo');
    await asSuperuser(api, (c) => c.query('alter table access_log add constraint refuse_all check (false) not valid'));
    const response = await api.request(ResidentContactPageDocument, { first: 5 }, { token });
    await asSuperuser(api, (c) => c.query('alter table access_log drop constraint refuse_all'));
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
  });
});

describe('append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await someReads(api, 1);
    for (const statement of ["update access_log set basis = 'X'", 'delete from access_log', 'truncate access_log']) {
      await expect(sql(api, statement)).rejects.toThrow(/append-only/);
    }
  });
});

describe('tamper evidence', () => {
  async function tamperedCopy(
    tamper: (client: Client, victim: string) => Promise<void>,
  ): Promise<{ result: Awaited<ReturnType<typeof verify>>; victim: string; next: string }> {
    const copy = await startTestApi();
    try {
      await someReads(copy, 6);
      expect((await verify(copy)).ok).toBe(true);
      const [victim, next] =
        // Two entries in a row of one chain (a page's reads are one entry, so they come from two requests).
        (
          await sql<{ id: string }>(
            copy,
            `select id::text from access_log where chain = (select chain from access_log where chain is not null
             group by chain order by count(*) desc, chain limit 1) order by position offset 1 limit 2`,
          )
        ).map((r) => r.id);
      await asSuperuser(copy, async (client) => {
        // A superuser can switch triggers off; the chain still tells.
        await client.query('set session_replication_role = replica');
        await tamper(client, victim);
      });
      return { result: await verify(copy), victim, next };
    } finally {
      await copy.close();
    }
  }

  it('detects a changed entry and names it', async () => {
    const { result, victim } = await tamperedCopy((c, id) =>
      c.query("update access_log set fields = '{gender}' where id = $1", [id]).then(() => undefined),
    );
    expect(result).toMatchObject({ ok: false, first_bad_id: victim });
  });

  it('detects a deleted entry at the one after it', async () => {
    const { result, next } = await tamperedCopy((c, id) =>
      c.query('delete from access_log where id = $1', [id]).then(() => undefined),
    );
    expect(result).toMatchObject({ ok: false, first_bad_id: next });
  });

  it('detects an inserted entry', async () => {
    const { result } = await tamperedCopy((c, id) =>
      c
        .query(
          `insert into access_log (id, occurred_at, request_id, action, entity_type, entity_id, fields, outcome, basis, prev_hash, hash)
         select id + 1000000, occurred_at, request_id, action, entity_type, entity_id, fields, outcome, basis, hash, repeat('f', 64)
           from access_log where id = $1`,
          [id],
        )
        .then(() => undefined),
    );
    expect(result.ok).toBe(false);
  });

  it('answers verifyAccessLog for the privacy officer only', async () => {
    await someReads(api, 1);
    const range = {
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const ok = await api.request(VerifyAccessLogDocument, range, { token: await api.login('privacy.demo') });
    expect(ok.data?.verifyAccessLog).toMatchObject({ ok: true, firstBadEntry: null });
    expect(ok.data!.verifyAccessLog.checked).toBeGreaterThan(0);
    const worker = await api.request(VerifyAccessLogDocument, range, { token: await api.login('worker.demo') });
    expect(worker.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('two server instances on one database', () => {
  it('write one chain that verifies, with every entry of every request', async () => {
    const second = await startTestApi({}, { shareDatabaseOf: api });
    try {
      const tokens = await Promise.all([api.login('worker.demo'), second.login('leader.demo')]);
      const mark = await logMark(api);
      const requests = Array.from({ length: 24 }, (_, i) =>
        (i % 2 === 0 ? api : second).request(
          ResidentFieldsDocument,
          { id: globalId('Resident', 100 + i) },
          { token: tokens[i % 2] },
        ),
      );
      const responses = await Promise.all(requests);
      const expected = responses.reduce((sum, r) => sum + Number(r.extensions?.accessLogEntries ?? 0), 0);
      expect(expected).toBeGreaterThan(24);
      expect(await entriesAfter(api, mark)).toHaveLength(expected);
      expect((await verify(api)).ok).toBe(true);
    } finally {
      await second.close();
    }
  });
});
