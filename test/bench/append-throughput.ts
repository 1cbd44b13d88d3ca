import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Client } from 'pg';
import { openOrm } from '../../src/server/orm';
import { startBenchServer } from './database';

/**
 * node dist/test/bench/append-throughput.js [seconds-per-run] [subjects-per-append] [--durable]
 * Access-log append throughput with 1, 2 and 4 writer processes, each its own connection, appending one
 * W1-sized request's reads (50 residents read in clear) per statement as fast as it can. Reports reads
 * recorded per second and per CPU-second (the writers and their PostgreSQL backends, read from /proc), since
 * on a busy machine wall-clock throughput alone says little. Needs no API: this is the log's write path.
 * Each writer count runs each variant back to back on fresh databases, so all see the same machine load:
 * the single-lock log (migrated up to before the chains), the chains with one entry per subject, and the
 * chains with one grouped entry per request (what the server writes now). `--durable` runs PostgreSQL with
 * fsync and synchronous commit on, as production does: then a commit waits for the disk.
 */
const WRITER_COUNTS = [1, 2, 4];
const VARIANTS = [
  { name: 'single lock (before chains)', upTo: 'Migration20261129000000_exact_access_log_order', grouped: false },
  { name: 'chains, an entry per subject', upTo: 'Migration20261201010100_anonymisation', grouped: false },
  { name: 'chains, one grouped entry', upTo: undefined, grouped: true },
];

interface WriterResult {
  appends: number;
  entries: number;
  failures: number;
  /** CPU seconds of the writer process and of its PostgreSQL backend. */
  clientCpu: number;
  backendCpu: number;
}

async function main(seconds: number, perAppend: number, durable: boolean): Promise<void> {
  const server = await startBenchServer(console.log, { durable });
  try {
    const lines: string[] = [];
    for (const writers of WRITER_COUNTS) {
      for (const variant of VARIANTS) {
        const url = await server.createDatabase(`append${writers}`);
        await migrate(url, variant.upTo);
        const started = performance.now();
        const sampling = sampleWaits(url, started + seconds * 1000);
        const results = await Promise.all(
          Array.from({ length: writers }, () => runWriter(url, seconds, perAppend, variant.grouped)),
        );
        const wall = (performance.now() - started) / 1000;
        lines.push(`${variant.name}, ${summary(writers, results, wall, seconds)}, ${waitSummary(await sampling)}`);
        console.log(lines.at(-1));
        await checkChains(url);
      }
    }
    console.log(`\n${lines.join('\n')}`);
  } finally {
    await server.close();
  }
}

function summary(writers: number, results: WriterResult[], wall: number, seconds: number): string {
  const sum = (pick: (r: WriterResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  const entries = sum((r) => r.entries);
  const cpu = sum((r) => r.clientCpu + r.backendCpu);
  return (
    `${writers} writer(s): ${Math.round(entries / seconds).toLocaleString('en-US')} reads logged/s ` +
    `(${Math.round(sum((r) => r.appends) / seconds)} appends/s), ` +
    `${Math.round(entries / cpu).toLocaleString('en-US')} reads per CPU-second ` +
    `(writers ${sum((r) => r.clientCpu).toFixed(1)} s + backends ${sum((r) => r.backendCpu).toFixed(1)} s), ` +
    `failures ${sum((r) => r.failures)}, wall ${wall.toFixed(1)} s`
  );
}

/** What the writers' backends were doing when sampled: by wait event type, running on CPU, or waiting for the writer. */
type Waits = Map<string, number>;

/**
 * Samples the writers' backends every 10 ms while they run (pg_stat_activity): the share of their busy time spent
 * waiting for a lock says whether writers serialize on one another, whatever the machine's core count allows.
 */
async function sampleWaits(url: string, until: number): Promise<Waits> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const waits: Waits = new Map();
  try {
    while (performance.now() < until) {
      const { rows } = await client.query<{ state: string; kind: string | null; event: string | null }>(
        `select state, wait_event_type as kind, wait_event as event from pg_stat_activity
          where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()
            and query like '%append_access_log%'`,
      );
      for (const { state, kind, event } of rows) {
        const key = state !== 'active' ? 'writer' : kind ? `${kind}:${event}` : 'CPU';
        waits.set(key, (waits.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await client.end();
  }
  return waits;
}

/**
 * The busy samples by what they waited for, by wait event type (a heavyweight Lock is the global lock or
 * another writer's chain), then the three events waited for most.
 */
function waitSummary(waits: Waits): string {
  const busy = [...waits].filter(([key]) => key !== 'writer');
  const total = Math.max(
    busy.reduce((sum, [, n]) => sum + n, 0),
    1,
  );
  const percent = (n: number) => `${Math.round((100 * n) / total)} %`;
  const byKind = new Map<string, number>([
    ['CPU', 0],
    ['Lock', 0],
  ]);
  for (const [key, n] of busy) byKind.set(key.split(':')[0], (byKind.get(key.split(':')[0]) ?? 0) + n);
  const kinds = [...byKind].map(([kind, n]) => `${kind} ${percent(n)}`);
  const top = busy
    .filter(([key]) => key !== 'CPU')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([key, n]) => `${key} ${percent(n)}`);
  return `backends busy: ${kinds.join(', ')} (most waited: ${top.join(', ') || 'nothing'})`;
}

async function migrate(url: string, upTo: string | undefined): Promise<void> {
  const orm = await openOrm(url, { debug: false });
  try {
    await orm.getMigrator().up(upTo ? { to: upTo } : undefined);
  } finally {
    await orm.close();
  }
}

/** One writer as its own process, so several of them use the machine the way several API instances would. */
function runWriter(url: string, seconds: number, perAppend: number, grouped: boolean): Promise<WriterResult> {
  return new Promise((resolve, reject) => {
    const form = grouped ? 'grouped' : 'per-subject';
    const child = spawn(process.execPath, [__filename, '--writer', url, String(seconds), String(perAppend), form], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(output) as WriterResult) : reject(new Error(`writer exited with ${code}`)),
    );
  });
}

/** CPU seconds a process has used so far, from /proc (utime + stime in clock ticks). */
function processCpu(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}

async function writer(url: string, seconds: number, perAppend: number, grouped: boolean): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const [{ pid }] = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows;
  const backendBefore = processCpu(pid);
  const clientBefore = process.cpuUsage();
  const deadline = performance.now() + seconds * 1000;
  const result = { appends: 0, entries: 0, failures: 0 };
  while (performance.now() < deadline) {
    try {
      await client.query('select append_access_log($1::jsonb, 3000)', [
        JSON.stringify(requestEntries(perAppend, grouped)),
      ]);
      result.appends += 1;
      result.entries += perAppend;
    } catch {
      result.failures += 1;
    }
  }
  const clientUsed = process.cpuUsage(clientBefore);
  const backendCpu = processCpu(pid) - backendBefore;
  await client.end();
  const clientCpu = (clientUsed.user + clientUsed.system) / 1e6;
  process.stdout.write(JSON.stringify({ ...result, clientCpu, backendCpu }));
}

/**
 * What one W1 request appends: a grid worker's page of residents read alike, as one entry naming every
 * subject, or (as before the grouping) one entry per resident.
 */
function requestEntries(count: number, grouped: boolean): Record<string, unknown>[] {
  const requestId = randomUUID();
  const entries = Array.from({ length: count }, (_, i) => ({
    request_id: requestId,
    operation_name: 'ResidentsPage',
    actor_user_id: 1,
    actor_role: 'GRID_WORKER',
    actor_department_id: null,
    client_address: '127.0.0.1',
    action: 'SEARCH',
    entity_type: 'Resident',
    entity_id: 1000 + i,
    fields: ['address', 'idNumber', 'name', 'phone'],
    outcome: 'FULL',
    purpose: null,
    basis: 'ROLE_SCOPE',
    rule: 'GRID_WORKER:Resident:grid-subtree',
  }));
  if (!grouped || count < 2) return entries;
  return [{ ...entries[0], entity_id: null, subject_ids: entries.map((entry) => entry.entity_id) }];
}

/** After each run, the whole log must still verify: speed that breaks the chain is no speed. */
async function checkChains(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean; checked: string; problem: string | null }>(
      "select ok, checked::text, problem from verify_access_log('-infinity', 'infinity')",
    );
    console.log(`  verify_access_log: ${JSON.stringify(rows[0])}`);
    if (!rows[0].ok) process.exitCode = 1;
  } finally {
    await client.end();
  }
}

if (process.argv[2] === '--writer') {
  void writer(process.argv[3], Number(process.argv[4]), Number(process.argv[5]), process.argv[6] === 'grouped');
} else {
  const [seconds = '20', perAppend = '50'] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  main(Number(seconds), Number(perAppend), process.argv.includes('--durable')).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
