import { Client } from 'pg';
import { ResidentFieldsDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import { freePort, ServerProcess, startProcess, waitForOutput } from '../../faults/process';
import { logMark } from './log-support';

interface Entry {
  id: string;
  at: string;
}
let api: TestApi;
let other: ServerProcess;
let entries: Entry[];

/** The verification of [from, to), and how many entries the window holds, counted independently. */
async function verifyWindow(from: string, to: string) {
  const [row] = await sql<{ ok: boolean; checked: string; first_bad_id: string | null; inside: string }>(
    api,
    `select ok, checked::text, first_bad_id::text,
            (select count(*)::text from access_log where occurred_at >= $1::timestamptz and occurred_at < $2::timestamptz) as inside
       from verify_access_log($1::timestamptz, $2::timestamptz)`,
    [from, to],
  );
  return row;
}

/** Requests through both processes at once, so their appends interleave on the log's lock. */
async function concurrentLoad(): Promise<void> {
  const [mine, theirs] = [await api.login('worker.demo'), await api.login('leader.demo')];
  const query = (id: number) => ({ query: `{ resident(id: "${globalId('Resident', id)}") { name phone idNumber } }` });
  for (let wave = 0; wave < 6; wave++) {
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 2 === 0
          ? api.request(ResidentFieldsDocument, { id: globalId('Resident', 100 + i) }, { token: mine })
          : fetch(`${other.url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${theirs}` },
              body: JSON.stringify(query(100 + i)),
            }).then((response) => response.json()),
      ),
    );
  }
}

beforeAll(async () => {
  api = await startTestApi();
  other = startProcess({ DATABASE_URL: api.databaseUrl, PORT: String(await freePort()) });
  await waitForOutput(other, /ready at/);
  const mark = await logMark(api);
  await concurrentLoad();
  entries = await sql<Entry>(
    api,
    'select id::text, occurred_at::text as at from access_log a where a.id > $1 order by a.id',
    [mark],
  );
}, 120_000);
afterAll(async () => {
  other?.child.kill('SIGTERM');
  await other?.exited;
  await api.close();
});

it('gives entries written concurrently by two processes times in the order of their ids', () => {
  expect(entries.length).toBeGreaterThan(100);
  const inversions = entries.filter((entry, i) => i > 0 && Date.parse(entry.at) < Date.parse(entries[i - 1].at));
  expect(inversions).toEqual([]);
});

it('verifies 100 random windows of an intact, concurrently written log', async () => {
  const failures: unknown[] = [];
  for (let n = 0; n < 100; n++) {
    const a = Math.floor(Math.random() * entries.length);
    const b = a + 1 + Math.floor(Math.random() * (entries.length - a));
    const to = b < entries.length ? entries[b].at : 'infinity';
    const result = await verifyWindow(entries[a].at, to);
    // Exact: the window is one contiguous stretch of the chain, checked entry for entry.
    if (!result.ok || result.checked !== result.inside) failures.push({ from: entries[a], to, result });
  }
  expect(failures).toEqual([]);
});

it('still names the first bad entry of a tampered window, and windows before it stay intact', async () => {
  const k = Math.floor(entries.length / 2);
  const victim = entries[k];
  const client = new Client({ connectionString: api.databaseUrl });
  await client.connect();
  try {
    await client.query('set session_replication_role = replica');
    await client.query("update access_log set fields = '{gender}' where id = $1", [victim.id]);
  } finally {
    await client.end();
  }
  for (let n = 0; n < 10; n++) {
    const a = Math.floor(Math.random() * k);
    const b = k + 1 + Math.floor(Math.random() * (entries.length - k - 1));
    expect(await verifyWindow(entries[a].at, entries[b].at)).toMatchObject({ ok: false, first_bad_id: victim.id });
  }
  expect((await verifyWindow(entries[0].at, victim.at)).ok).toBe(true);
});
