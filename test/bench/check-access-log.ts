import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { seedAccessLog } from '../../seeds/access-log';
import { loadDatabase, startBenchServer } from './database';

/**
 * node dist/test/bench/check-access-log.js [entries-to-time]
 * Proves that seedAccessLog writes a chain verify_access_log accepts, also when it continues a log the
 * database function appended to, and times a large load. Needs no running API.
 */
async function main(entriesToTime: number): Promise<void> {
  const server = await startBenchServer(console.log);
  try {
    await checkChain((await loadDatabase(server, 'chaincheck', { residents: 5_000 })).url);
    await timeLoad((await loadDatabase(server, 'logspeed', { residents: 5_000 })).url, entriesToTime);
  } finally {
    await server.close();
  }
}

/** Generated entries, entries appended by the database function, and generated ones again: one valid chain. */
async function checkChain(url: string): Promise<void> {
  await seedAccessLog(url, 10_000, { log: console.log });
  report('generated 10k on an empty log', await verify(url), 10_000);
  await appendThroughFunction(url, 3);
  await seedAccessLog(url, 10_000, { seed: 7 });
  report('10k more after 3 entries appended by append_access_log', await verify(url), 20_003);
  await appendThroughFunction(url, 2);
  report('2 appended by append_access_log after generated entries', await verify(url), 20_005);
}

/** A large load on an empty log: its speed, where its months went, and the chain over its last days. */
async function timeLoad(url: string, entries: number): Promise<void> {
  const timed = await seedAccessLog(url, entries);
  console.log(
    `load speed: ${entries.toLocaleString('en-US')} entries in ${timed.seconds.toFixed(1)} s ` +
      `= ${Math.round(entries / timed.seconds).toLocaleString('en-US')} entries/s`,
  );
  await showPartitions(url);
  const started = performance.now();
  const result = await verify(url, '3 days');
  console.log(
    `${result.ok ? 'OK  ' : 'FAIL'} last 3 days of the large load: ${JSON.stringify(result)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  if (!result.ok) process.exitCode = 1;
}

interface Verification {
  ok: boolean;
  checked: string;
  first_bad_id: string | null;
  problem: string | null;
}

async function verify(url: string, back = '1 year'): Promise<Verification> {
  return withClient(
    url,
    async (client) =>
      (
        await client.query<Verification>(
          `select * from verify_access_log(now() - $1::interval, now() + interval '1 day')`,
          [back],
        )
      ).rows[0],
  );
}

function report(what: string, result: Verification, expected: number): void {
  const good = result.ok && Number(result.checked) === expected;
  console.log(`${good ? 'OK  ' : 'FAIL'} ${what}: ${JSON.stringify(result)}`);
  if (!good) process.exitCode = 1;
}

/** The generated months must land in their monthly partitions, none in the default one. */
async function showPartitions(url: string): Promise<void> {
  const rows = await withClient(
    url,
    async (client) =>
      (
        await client.query<{ partition: string; entries: string }>(
          'select tableoid::regclass::text as partition, count(*) as entries from access_log group by 1 order by 1',
        )
      ).rows,
  );
  for (const row of rows) console.log(`  ${row.partition.padEnd(22)} ${Number(row.entries).toLocaleString('en-US')}`);
  if (rows.some((row) => row.partition === 'access_log_default')) {
    console.log('FAIL entries fell into access_log_default');
    process.exitCode = 1;
  }
}

/** Entries written the way the server writes them, to show the two writers share one chain. */
async function appendThroughFunction(url: string, count: number): Promise<void> {
  const entries = Array.from({ length: count }, (_, i) => ({
    request_id: randomUUID(),
    operation_name: 'ChainCheck',
    actor_user_id: 7,
    actor_role: 'PRIVACY_OFFICER',
    action: 'READ',
    entity_type: 'Resident',
    entity_id: i + 1,
    fields: ['name'],
    outcome: 'MASKED',
    basis: 'ROLE_SCOPE',
    rule: 'PRIVACY_OFFICER.Resident',
  }));
  await withClient(url, (client) =>
    client.query('select append_access_log($1::jsonb, 3000)', [JSON.stringify(entries)]),
  );
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

main(Number(process.argv[2] ?? 1_000_000)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
