import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { ResidentsPageDocument } from '../generated/graphql';
import { startTestApi, TestApi } from '../support/api';
import { sql } from '../support/sql';
import { appendAccessEntries, RequestActor } from '../../src/audit/access-log.writer';
import { AccessAction, AccessOutcome } from '../../src/audit/access-log.enums';
import { logMark, verify } from '../modules/access-log/log-support';

let api: TestApi;
const LOG_LOCK = 3706140002;

beforeAll(async () => {
  api = await startTestApi();
}, 60_000);
afterAll(() => api.close());

interface Stored {
  request_id: string;
  chain: number;
  position: string;
  occurred_at: string;
}

const stored = (mark: string) =>
  sql<Stored>(
    api,
    `select request_id, chain, position::text, occurred_at::text from access_log where id > $1 order by chain, position`,
    [mark],
  );

function request(entityId: number, action = AccessAction.READ) {
  const requestId = randomUUID();
  const em = api.orm.em.fork({ loggerContext: { requestId } }) as EntityManager;
  const actor: RequestActor = {
    requestId,
    operationName: 'AppendBatchTest',
    userId: null,
    role: null,
    departmentId: null,
    clientAddress: null,
    purpose: null,
  };
  const entry = {
    action,
    entityType: 'Resident',
    entityId,
    fields: ['name'],
    outcome: AccessOutcome.FULL,
    basis: 'ROLE_SCOPE',
    rule: 'test',
  };
  return { requestId, append: () => appendAccessEntries(em, actor, [entry], 3000) };
}

describe('group commit of the access log', () => {
  it('sends the requests that finish while an append is on its way together, in the order they came', async () => {
    const mark = await logMark(api);
    const requests = Array.from({ length: 6 }, (_, i) => request(100 + i));
    await Promise.all(requests.map((r) => r.append()));
    const rows = await stored(mark);
    expect(rows.map((row) => row.request_id).sort()).toEqual(requests.map((r) => r.requestId).sort());
    // The first went alone at once; the five that came while it was on its way share one statement: one
    // chain, consecutive positions in their order of arrival, one time stamp.
    const rest = rows.filter((row) => row.request_id !== requests[0].requestId);
    expect(rest.map((row) => row.request_id)).toEqual(requests.slice(1).map((r) => r.requestId));
    expect(new Set(rest.map((row) => `${row.chain}|${row.occurred_at}`)).size).toBe(1);
    const positions = rest.map((row) => Number(row.position));
    expect(positions).toEqual(positions.map((_, i) => positions[0] + i));
    expect((await verify(api)).ok).toBe(true);
  });

  it("does not fail the others when one request's entries are refused: that request alone fails closed", async () => {
    const mark = await logMark(api);
    const first = request(200);
    const good = [request(201), request(202)];
    const refused = request(203, 'PEEK' as AccessAction);
    const outcomes = await Promise.allSettled([first, good[0], refused, good[1]].map((r) => r.append()));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const written = new Set((await stored(mark)).map((row) => row.request_id));
    expect(written).toEqual(new Set([first.requestId, ...good.map((r) => r.requestId)]));
    expect((await verify(api)).ok).toBe(true);
  });

  it('sends what waits behind a statement held at the lock in a statement of its own, so no request waits twice', async () => {
    const blocker = new Client({ connectionString: api.databaseUrl });
    await blocker.connect();
    const waitingAtLock = async () =>
      (
        await blocker.query(
          "select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = $1 and not granted",
          [LOG_LOCK],
        )
      ).rows[0].n as number;
    try {
      const mark = await logMark(api);
      await blocker.query('select pg_advisory_lock($1)', [LOG_LOCK]);
      const requests = Array.from({ length: 4 }, (_, i) => request(300 + i));
      const appended = Promise.all(requests.map((r) => r.append()));
      while ((await waitingAtLock()) < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      await blocker.query('select pg_advisory_unlock($1)', [LOG_LOCK]);
      await appended;
      const rows = await stored(mark);
      // The first statement held one request; the three behind it went together after the stall.
      const statements = new Set(rows.map((row) => `${row.chain}|${row.occurred_at}`));
      expect(rows).toHaveLength(4);
      expect(statements.size).toBe(2);
    } finally {
      await blocker.end();
    }
  });

  it('answers concurrent GraphQL requests each after its own entries are in the log, and the log verifies', async () => {
    const token = await api.login('worker.demo');
    const mark = await logMark(api);
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => api.request(ResidentsPageDocument, { first: 5 }, { token })),
    );
    expect(responses.every((response) => !response.errors && response.data?.residents.edges.length === 5)).toBe(true);
    const logged = await sql<{ n: number }>(
      api,
      "select count(distinct request_id)::int as n from access_log where id > $1 and operation_name = 'ResidentsPage'",
      [mark],
    );
    expect(logged[0].n).toBe(12);
    expect((await verify(api)).ok).toBe(true);
  });
});
