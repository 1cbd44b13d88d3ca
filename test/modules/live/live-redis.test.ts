import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import { freePort, ServerProcess, startProcess, waitForOutput } from '../../faults/process';
import {
  CaseChangedDocument,
  EmergencyAccessOpenedDocument,
  OpenEmergencyAccessDocument,
} from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { liveClient, subscribe } from '../../support/live';
import { sql } from '../../support/sql';
import { demoWorld, DemoWorld, report, reportInput } from '../case/case-support';

/** The Redis mode of the bus: with REDIS_URL set, events travel through Redis pub/sub between instances. */
const env = { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `test-live-${randomUUID()}` };
let a: TestApi;
let b: ServerProcess;
let world: DemoWorld;
const clients: Client[] = [];

beforeAll(async () => {
  a = await startTestApi(env);
  b = startProcess({ ...env, PORT: String(await freePort()), DATABASE_URL: a.databaseUrl });
  world = await demoWorld(a);
  await waitForOutput(b, /ready at/);
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
  const client = liveClient(`${b.url}/graphql`, await a.tokenFor(username));
  clients.push(client);
  return client;
}

const caseIdOf = (result: { data?: Record<string, unknown> | null }) =>
  (result.data?.caseChanged as { case: { id: string } } | undefined)?.case.id;

it('delivers a case reported through A to a subscriber on B through Redis', async () => {
  const live = subscribe(await connect('center.demo'), print(CaseChangedDocument));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const id = await report(a, 'worker.demo', reportInput(world));
  await live.waitFor((result) => caseIdOf(result) === id);
});

it('ends the stream of a user disabled since it subscribed, with nothing of the event', async () => {
  const live = subscribe(await connect('leader.demo'), print(CaseChangedDocument));
  await new Promise((resolve) => setTimeout(resolve, 500));
  await sql(a, `update app_user set active = false where username = 'leader.demo'`);
  try {
    await report(a, 'worker.demo', reportInput(world, { title: '树枝折断' }));
    expect(await live.ended).toBe('complete');
    expect(live.results).toHaveLength(1);
    expect(live.results[0].data ?? null).toBeNull();
    expect(live.results[0].errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  } finally {
    await sql(a, `update app_user set active = true where username = 'leader.demo'`);
  }
});

it('tells privacy officers, and only them, of an emergency access as it is opened', async () => {
  const refused = subscribe(await connect('worker.demo'), print(EmergencyAccessOpenedDocument));
  await refused.ended;
  expect(refused.results[0].errors?.[0].extensions?.code).toBe('FORBIDDEN');

  const live = subscribe(await connect('privacy.demo'), print(EmergencyAccessOpenedDocument));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const input = { grid: world.otherStreetGrid.globalId, reason: '独居老人家中疑似燃气泄漏，需立即核实', minutes: 30 };
  const opened = await a.request(OpenEmergencyAccessDocument, { input }, { token: await a.tokenFor('worker.demo') });
  expect(opened.errors).toBeUndefined();
  const id = opened.data!.openEmergencyAccess.id;
  await live.waitFor((result) => (result.data?.emergencyAccessOpened as { id: string } | undefined)?.id === id);
});
