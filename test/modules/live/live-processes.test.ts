import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import { freePort, ServerProcess, startProcess, waitForOutput } from '../../faults/process';
import {
  CaseAtMyTiersDocument,
  CaseChangedDocument,
  CaseDispatchedToMyDepartmentDocument,
} from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { liveClient, subscribe } from '../../support/live';
import { sql } from '../../support/sql';
import { demoWorld, DemoWorld, numericId, putInState, report, reportInput, run } from '../case/case-support';

/**
 * Two instances on one database, as behind a load balancer: changes made through the in-process server
 * (A) reach subscribers connected to a separate server process (B) through PostgreSQL LISTEN/NOTIFY.
 */
let a: TestApi;
let b: ServerProcess;
let bUrl: string;
let world: DemoWorld;
const clients: Client[] = [];

beforeAll(async () => {
  a = await startTestApi();
  const port = String(await freePort());
  b = startProcess({ PORT: port, DATABASE_URL: a.databaseUrl });
  world = await demoWorld(a);
  await waitForOutput(b, /ready at/);
  bUrl = `${b.url}/graphql`;
}, 90_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  if (b?.child.exitCode === null) {
    b.child.kill('SIGTERM');
    await b.exited;
  }
  await a?.close();
});

async function connect(username: string): Promise<Client> {
  const client = liveClient(bUrl, await a.tokenFor(username));
  clients.push(client);
  return client;
}

const caseOf = (result: { data?: Record<string, unknown> | null }) =>
  (result.data?.caseChanged as { case: { id: string } } | undefined)?.case;

it('delivers a case reported through A to the command centre on B, at its tiers, and logs the read', async () => {
  const live = subscribe(await connect('center.demo'), print(CaseChangedDocument));
  // The subscription is registered once the server has answered connection_init and the subscribe message.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const reportedAt = Date.now();
  const id = await report(
    a,
    'worker.demo',
    reportInput(world, { reporterName: '王建国', reporterPhone: '13812345678' }),
  );
  const event = await live.waitFor((result) => caseOf(result)?.id === id, 10_000);
  // Not a speed target: a bound far above the normal delay that fails when delivery is missing or stuck.
  expect(Date.now() - reportedAt).toBeLessThan(2_000);

  const query = await a.request(CaseAtMyTiersDocument, { id }, { token: await a.tokenFor('center.demo') });
  expect(caseOf(event)).toEqual(query.data!.case);
  expect((event.data!.caseChanged as { change: string }).change).toBe('report');
  expect((event.extensions as { masked?: string[] } | undefined)?.masked ?? []).toEqual(query.extensions?.masked ?? []);

  const logged = await sql<{ fields: string[]; operation_name: string }>(
    a,
    `select l.fields, l.operation_name from access_log l join app_user u on u.id = l.actor_user_id
      where u.username = 'center.demo' and l.entity_type = 'Case' and l.entity_id = $1 and l.operation_name = 'CaseChanged'`,
    [numericId(id)],
  );
  expect(logged).toHaveLength(1);
  expect(logged[0].fields).toEqual(expect.arrayContaining(['description', 'reporterPhone']));
});

it('never gives worker.demo a case outside its grids, and gives it those inside', async () => {
  const live = subscribe(await connect('worker.demo'), print(CaseChangedDocument));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const outside = await report(a, 'center.demo', reportInput(world, { grid: world.otherStreetGrid.globalId }));
  const inside = await report(a, 'worker.demo', reportInput(world, { title: '路灯不亮' }));
  await live.waitFor((result) => caseOf(result)?.id === inside);
  expect(live.results.map((result) => caseOf(result)?.id)).not.toContain(outside);
  expect(live.results.every((result) => !result.errors)).toBe(true);
});

it('gives the department the cases dispatched to it', async () => {
  const live = subscribe(await connect('dept.demo'), print(CaseDispatchedToMyDepartmentDocument));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const id = await report(a, 'worker.demo', reportInput(world, { title: '低保申请材料' }));
  await putInState(a, id, { status: 'ESCALATED', holdingLevel: 0 });
  const dispatched = await run(a, 'dispatch', id, 'center.demo', { world });
  expect(dispatched.errors).toBeUndefined();
  const event = await live.waitFor(
    (result) => (result.data?.caseDispatchedToMyDepartment as { id: string } | undefined)?.id === id,
  );
  expect(event.data!.caseDispatchedToMyDepartment).toMatchObject({ status: 'DISPATCHED' });
});

it('refuses a connection whose connection_init carries a bad token', async () => {
  const closed = new Promise<number>((resolve) => clients.push(liveClient(bUrl, 'not-a-token', resolve)));
  expect(await closed).toBe(4403);
});

it('refuses a subscription to a grid outside the scope as FORBIDDEN, logged as DENIED', async () => {
  const live = subscribe(await connect('worker.demo'), print(CaseChangedDocument), {
    grid: world.otherStreetGrid.globalId,
  });
  await live.ended;
  expect(live.results).toHaveLength(1);
  expect(live.results[0].data ?? null).toBeNull();
  expect(live.results[0].errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const denied = await sql(
    a,
    `select 1 from access_log l join app_user u on u.id = l.actor_user_id
      where u.username = 'worker.demo' and l.outcome = 'DENIED' and l.entity_type = 'Grid' and l.entity_id = $1`,
    [world.otherStreetGrid.id],
  );
  expect(denied.length).toBeGreaterThan(0);
});
