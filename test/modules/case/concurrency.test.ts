import { Client } from 'pg';
import { startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import {
  caseRow,
  Command,
  demoWorld,
  DemoWorld,
  movedCase,
  numericId,
  putInState,
  report,
  reportInput,
  run,
  timelineOf,
} from './case-support';

let api: TestApi;
let world: DemoWorld;
beforeAll(async () => {
  api = await startTestApi();
  world = await demoWorld(api);
});
afterAll(() => api.close());

function outcomes(responses: { errors?: { extensions?: Record<string, unknown> }[] }[]): string[] {
  return responses.map((response) => String(response.errors?.[0]?.extensions?.code ?? 'OK')).sort();
}

describe('two people moving the same case at once', () => {
  it('as they both saw it: exactly one wins, the other gets CONFLICT, one timeline entry', async () => {
    const id = await report(api, 'worker.demo', reportInput(world));
    const { version } = (await caseRow(api, id)) as { version: number };
    const responses = await Promise.all(
      [1, 2].map(() => run(api, 'accept', id, 'worker.demo', { world, expectedVersion: version })),
    );
    expect(outcomes(responses)).toEqual(['CONFLICT', 'OK']);
    expect((await timelineOf(api, id)).map((event) => event.action)).toEqual(['report', 'accept']);
    expect(await caseRow(api, id)).toMatchObject({ status: 'ACCEPTED', version: version + 1 });
    const winner = responses.find((response) => !response.errors)!;
    expect(movedCase(winner).version).toBe(version + 1);
    const loser = responses.find((response) => response.errors)!;
    expect(loser.errors?.[0]?.message).toContain('was moved by someone else meanwhile');
  });

  it('with different commands: one wins, every other one gets CONFLICT', async () => {
    const id = await report(api, 'worker.demo', reportInput(world));
    await putInState(api, id, { status: 'ACCEPTED', holdingLevel: 3 });
    const { version } = (await caseRow(api, id)) as { version: number };
    const commands: [Command, string][] = [
      ['start', 'worker.demo'],
      ['escalate', 'worker.demo'],
      ['reject', 'worker.demo'],
      ['assign', 'leader.demo'],
    ];
    const responses = await Promise.all(
      commands.map(([command, user]) => run(api, command, id, user, { world, expectedVersion: version })),
    );
    expect(outcomes(responses)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
    expect(await timelineOf(api, id)).toHaveLength(2);
  });

  it('when both pass their checks before either writes: the row version lets only one UPDATE through', async () => {
    const id = await report(api, 'worker.demo', reportInput(world));
    const blocker = new Client({ connectionString: api.databaseUrl });
    await blocker.connect();
    try {
      // Hold the case row so that both moves read it, pass every check and then queue at their write.
      await blocker.query('begin');
      await blocker.query('select id from cases where id = $1 for update', [numericId(id)]);
      let settled = false;
      const moves = Promise.all([1, 2].map(() => run(api, 'accept', id, 'worker.demo', { world }))).finally(() => {
        settled = true;
      });
      await untilWaiting(blocker, 2, () => settled);
      await blocker.query('commit');
      expect(outcomes(await moves)).toEqual(['CONFLICT', 'OK']);
    } finally {
      await blocker.end();
    }
    expect((await timelineOf(api, id)).map((event) => event.action)).toEqual(['report', 'accept']);
  });
});

/** Waits (by polling the server's activity, not the clock) until n other sessions wait for a lock in this database. */
async function untilWaiting(client: Client, n: number, gaveUp: () => boolean): Promise<void> {
  for (;;) {
    if (gaveUp()) throw new Error('the moves finished without ever waiting for the row');
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (Number(rows[0].n) >= n) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('retried reports sent at the same moment', () => {
  it('create one case and all answer it', async () => {
    const input = reportInput(world, { clientKey: 'burst-retry-0001' });
    const ids = await Promise.all([1, 2, 3, 4].map(() => report(api, 'worker.demo', input)));
    expect(new Set(ids).size).toBe(1);
    const [row] = await sql<{ n: string }>(api, `select count(*) as n from cases where idempotency_key = $1`, [
      '1:burst-retry-0001',
    ]);
    expect(Number(row.n)).toBe(1);
    expect(await timelineOf(api, ids[0])).toHaveLength(1);
  });
});
