import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import { freePort, ServerProcess, startProcess, waitForOutput } from '../../faults/process';
import {
  CaseAssignedToMeDocument,
  CaseAtMyTiersDocument,
  CaseChangedDocument,
  CaseDispatchedToMyDepartmentDocument,
  MarkNotificationsReadDocument,
  NotificationsDocument,
  SlaWarningDocument,
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

// Every deadline of a new case lies within this lead time (69 days), so its warnings are due at once.
const env = { SLA_WARNING_LEAD_MINUTES: '100000' };

beforeAll(async () => {
  a = await startTestApi(env);
  const port = String(await freePort());
  b = startProcess({ ...env, PORT: port, DATABASE_URL: a.databaseUrl });
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

it('warns of a deadline before it runs out, once across the two instances', async () => {
  const live = subscribe(await connect('center.demo'), print(SlaWarningDocument));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const id = await report(a, 'worker.demo', reportInput(world, { title: '消防通道占用' }));
  type Warning = { deadlineKind: string; deadline: string; case: { id: string } };
  const warningOf = (result: { data?: Record<string, unknown> | null }) =>
    result.data?.slaWarning as Warning | undefined;
  const event = await live.waitFor(
    (result) => warningOf(result)?.case.id === id && warningOf(result)?.deadlineKind === 'ACCEPT',
  );
  const receivedAt = Date.now();
  expect(new Date(warningOf(event)!.deadline).getTime()).toBeGreaterThan(receivedAt);
  // Both instances work the queue; the job is taken by one of them only.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  const accepted = live.results.filter(
    (result) => warningOf(result)?.case.id === id && warningOf(result)?.deadlineKind === 'ACCEPT',
  );
  expect(accepted).toHaveLength(1);
});

it('tells the worker of a case assigned to it, live and in its inbox, which only it may mark read', async () => {
  const live = subscribe(await connect('worker.demo'), print(CaseAssignedToMeDocument));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const id = await report(a, 'center.demo', reportInput(world, { title: '垃圾清运不及时' }));
  const assigned = await run(a, 'assign', id, 'leader.demo', { world });
  expect(assigned.errors).toBeUndefined();
  await live.waitFor((result) => (result.data?.caseAssignedToMe as { id: string } | undefined)?.id === id);

  const worker = await a.tokenFor('worker.demo');
  const inbox = async (token: string) =>
    (await a.request(NotificationsDocument, { unreadOnly: true }, { token })).data!.notifications;
  let entry: Awaited<ReturnType<typeof inbox>>[number] | undefined;
  // The inbox entry is written after the commit, beside the event: wait for it rather than assume an order.
  for (let i = 0; i < 50 && !entry; i++) {
    entry = (await inbox(worker)).find((n) => n.case?.id === id && n.kind === 'CASE_ASSIGNED');
    if (!entry) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(entry).toMatchObject({ kind: 'CASE_ASSIGNED', readAt: null, case: { id, title: '垃圾清运不及时' } });
  const leader = await a.tokenFor('leader.demo');
  expect((await inbox(leader)).map((n) => n.id)).not.toContain(entry!.id);
  const byOther = await a.request(MarkNotificationsReadDocument, { ids: [entry!.id] }, { token: leader });
  expect(byOther.data!.markNotificationsRead).toBe(0);
  const byOwner = await a.request(MarkNotificationsReadDocument, { ids: [entry!.id] }, { token: worker });
  expect(byOwner.data!.markNotificationsRead).toBe(1);
  expect((await inbox(worker)).map((n) => n.id)).not.toContain(entry!.id);
});
