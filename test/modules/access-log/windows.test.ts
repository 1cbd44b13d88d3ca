import { Client } from 'pg';
import { ResidentFieldsDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import { freePort, ServerProcess, startProcess, waitForOutput } from '../../faults/process';
import { logMark } from './log-support';

interface Entry {
  id: string;
  at: string;
  chain: number;
  position: string;
  /** Microseconds since the epoch: the precision the log keeps, for ordering by time exactly. */
  us: string;
}
let api: TestApi;
let other: ServerProcess;
let entries: Entry[];
/** What the responses of both processes said they logged. */
let reported = 0;

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

/** Requests through both processes at once, so their appends interleave on the log's chains. */
async function concurrentLoad(mine: string, theirs: string): Promise<void> {
  const query = (id: number) => ({ query: `{ resident(id: "${globalId('Resident', id)}") { name phone idNumber } }` });
  for (let wave = 0; wave < 6; wave++) {
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 2 === 0
          ? api.request(ResidentFieldsDocument, { id: globalId('Resident', 100 + i) }, { token: mine })
          : fetch(`${other.url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${theirs}` },
              body: JSON.stringify(query(100 + i)),
            }).then((response) => response.json() as Promise<{ extensions?: { accessLogEntries?: number } }>),
      ),
    );
    reported += answers.reduce((sum, answer) => sum + Number(answer.extensions?.accessLogEntries ?? 0), 0);
  }
}

beforeAll(async () => {
  api = await startTestApi();
  other = startProcess({ DATABASE_URL: api.databaseUrl, PORT: String(await freePort()), SQL_COUNT: 'on' });
  await waitForOutput(other, /ready at/);
  // Logins are logged too: done before the mark, so what follows it is exactly what the responses reported.
  const tokens = [await api.login('worker.demo'), await api.login('leader.demo')] as const;
  const mark = await logMark(api);
  await concurrentLoad(...tokens);
  entries = await sql<Entry>(
    api,
    `select id::text, occurred_at::text as at, chain, position::text,
            (extract(epoch from occurred_at) * 1000000)::bigint::text as us from access_log a
      where a.id > $1 order by a.chain, a.position`,
    [mark],
  );
}, 120_000);
afterAll(async () => {
  other?.child.kill('SIGTERM');
  await other?.exited;
  await api.close();
});

it('keeps every entry two processes wrote concurrently, spread over several chains', async () => {
  expect(entries.length).toBeGreaterThan(100);
  expect(entries).toHaveLength(reported);
  expect(new Set(entries.map((entry) => entry.chain)).size).toBeGreaterThan(1);
  const [whole] = await sql<{ ok: boolean }>(api, "select ok from verify_access_log('-infinity', 'infinity')");
  expect(whole.ok).toBe(true);
});

it('gives the entries of each chain consecutive positions and times in their order', () => {
  const breaks = entries.filter((entry, i) => {
    const before = entries[i - 1];
    if (!before || before.chain !== entry.chain) return false;
    return Number(entry.position) !== Number(before.position) + 1 || Number(entry.us) < Number(before.us);
  });
  expect(breaks).toEqual([]);
});

it('verifies 100 random windows of an intact, concurrently written log', async () => {
  const byTime = [...entries].sort((a, b) => Number(a.us) - Number(b.us));
  const failures: unknown[] = [];
  for (let n = 0; n < 100; n++) {
    const a = Math.floor(Math.random() * byTime.length);
    const b = a + 1 + Math.floor(Math.random() * (byTime.length - a));
    const to = b < byTime.length ? byTime[b].at : 'infinity';
    const result = await verifyWindow(byTime[a].at, to);
    // Exact: the window is one contiguous stretch of the chain, checked entry for entry.
    if (!result.ok || result.checked !== result.inside) failures.push({ from: byTime[a], to, result });
  }
  expect(failures).toEqual([]);
});

it('still names the first bad entry of a tampered window, and windows before it stay intact', async () => {
  const byTime = [...entries].sort((a, b) => Number(a.us) - Number(b.us));
  const k = Math.floor(byTime.length / 2);
  const victim = byTime[k];
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
    const b = k + 1 + Math.floor(Math.random() * (byTime.length - k - 1));
    expect(await verifyWindow(byTime[a].at, byTime[b].at)).toMatchObject({ ok: false, first_bad_id: victim.id });
  }
  expect((await verifyWindow(byTime[0].at, victim.at)).ok).toBe(true);
});
