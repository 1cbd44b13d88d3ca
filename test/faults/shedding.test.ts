import { Client } from 'pg';
import { MeDocument, ResidentsPageDocument } from '../generated/graphql';
import { GraphQLResponse, startTestApi, TestApi } from '../support/api';
import { appendsWaiting } from '../../src/audit/append-batches';

const LOG_LOCK = 3706140002;
let api: TestApi;
let token: string;
let blocker: Client;

beforeAll(async () => {
  // Three slots, two places in the queue; a request reading residents waits at the access log while we hold its lock.
  api = await startTestApi({
    MAX_CONCURRENT_OPERATIONS: '3',
    MAX_QUEUED_OPERATIONS: '2',
    QUEUE_TIMEOUT_MS: '1500',
    OPERATION_SLOT_COST: '2500',
    AUDIT_WAIT_MS: '20000',
  });
  token = await api.login('worker.demo');
  blocker = new Client({ connectionString: api.databaseUrl });
  await blocker.connect();
});
afterAll(async () => {
  await blocker.end();
  await api.close();
});

/** Small, but over LIGHT_COST (10): it queues like any operation, where `{ me { id } }` takes the reserve. */
const SMALL = { query: '{ residents(first: 3) { nodes { id gender name phone } } }' };
const origin = () => api.url.replace(/\/graphql$/, '');

async function waitingOnLog(): Promise<number> {
  const { rows } = await blocker.query(
    `select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = $1 and not granted`,
    [LOG_LOCK],
  );
  return rows[0].n;
}

/**
 * Until `count` requests wait for the log: the statement on its way waits at the lock in the database, the
 * requests that finished after it wait in the process for the next (the log's group commit).
 */
async function untilWaitingOnLog(count: number): Promise<void> {
  while ((await waitingOnLog()) < 1 || appendsWaiting() < count)
    await new Promise((resolve) => setTimeout(resolve, 25));
}

/** Runs `work` with the access log's lock held: every admitted read holds its slots until the lock is released. */
async function withLogLocked<T>(work: () => Promise<T>): Promise<T> {
  await blocker.query('select pg_advisory_lock($1)', [LOG_LOCK]);
  try {
    return await work();
  } finally {
    await blocker.query('select pg_advisory_unlock($1)', [LOG_LOCK]);
  }
}

/** Statements the ORM sends from now on, in this process. */
function countStatements(): () => number {
  const spy = jest.spyOn(api.orm.em.getConnection(), 'execute');
  return () => {
    const calls = spy.mock.calls.length;
    spy.mockRestore();
    return calls;
  };
}

function expectShed(answer: { status: number; body: unknown }): void {
  expect(answer.status).toBe(503);
  const body = answer.body as GraphQLResponse<unknown>;
  expect(body.data).toBeUndefined();
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: 1 });
}

it('over the slots and the queue answers SERVICE_UNAVAILABLE at once without SQL; health never waits', async () => {
  const control = countStatements();
  expect((await api.request(MeDocument, {}, { token })).data?.me).toBeTruthy();
  expect(control()).toBeGreaterThan(0);

  await withLogLocked(async () => {
    const running = Array.from({ length: 3 }, () => api.raw(SMALL, { token }));
    await untilWaitingOnLog(3);
    const queued = Array.from({ length: 2 }, () => api.raw(SMALL, { token }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The queued two are not executing: nothing more waits for the log.
    expect(appendsWaiting()).toBe(3);

    const statements = countStatements();
    const started = performance.now();
    const over = await api.raw(SMALL, { token });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(statements()).toBe(0);
    expectShed(over);
    expect((over.body as GraphQLResponse<unknown>).errors?.[0]?.message).toMatch(/at capacity/);

    // A light operation (cost up to LIGHT_COST) takes one of the reserved slots instead of being shed.
    const me = await api.raw({ query: '{ me { id } }' }, { token });
    expect(me.status).toBe(200);
    expect((me.body as GraphQLResponse<{ me: { id: string } }>).data?.me.id).toBeTruthy();

    for (const path of ['/health/live', '/health/ready']) {
      const probeStarted = performance.now();
      expect((await fetch(`${origin()}${path}`)).status).toBe(200);
      expect(performance.now() - probeStarted).toBeLessThan(1000);
    }

    // QUEUE_TIMEOUT_MS passes while the three still hold every slot.
    for (const late of await Promise.all(queued)) {
      expectShed(late);
      expect((late.body as GraphQLResponse<unknown>).errors?.[0]?.message).toMatch(/No capacity within 1500 ms/);
    }
    return running;
  }).then(async (running) => {
    for (const answer of await Promise.all(running)) {
      expect(answer.status).toBe(200);
      expect((answer.body as GraphQLResponse<{ residents: { nodes: unknown[] } }>).data?.residents.nodes).toHaveLength(
        3,
      );
    }
  });
});

it('a costly operation takes several slots: a small one waits behind it, then both answer', async () => {
  const answers = await withLogLocked(async () => {
    // A 500-row page costs about 15,000: six slots of 2,500, so all three.
    const heavy = api.request(ResidentsPageDocument, { first: 500 }, { token });
    await untilWaitingOnLog(1);
    const small = api.raw(SMALL, { token });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(appendsWaiting()).toBe(1);
    return [heavy, small] as const;
  });
  const [heavy, small] = await Promise.all(answers);
  expect(heavy.errors).toBeUndefined();
  expect(heavy.data?.residents.edges.length).toBeGreaterThan(3);
  expect(small.status).toBe(200);
});
