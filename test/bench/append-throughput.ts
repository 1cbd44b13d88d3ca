import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Client } from 'pg';
import { openOrm } from '../../src/server/orm';
import { startBenchServer } from './database';

/**
 * node dist/test/bench/append-throughput.js [seconds-per-run] [entries-per-append]
 * Access-log append throughput with 1, 2 and 4 writer processes, each its own connection, appending one
 * W1-sized request's entries (50 residents read in clear) per statement as fast as it can. Reports entries
 * per second and entries per CPU-second (the writers and their PostgreSQL backends, read from /proc), since
 * on a busy machine wall-clock throughput alone says little. Needs no API: this is the log's write path.
 * Each writer count runs twice, back to back on fresh databases: once migrated only up to the single-lock
 * log (before the chains), once fully migrated, so both see the same machine load.
 */
const WRITER_COUNTS = [1, 2, 4];
const VARIANTS = [
  { name: 'single lock (before chains)', upTo: 'Migration20261129000000_exact_access_log_order' },
  { name: 'chains', upTo: undefined },
];

interface WriterResult {
  appends: number;
  entries: number;
  failures: number;
  /** CPU seconds of the writer process and of its PostgreSQL backend. */
  clientCpu: number;
  backendCpu: number;
}

async function main(seconds: number, perAppend: number): Promise<void> {
  const server = await startBenchServer(console.log);
  try {
    const lines: string[] = [];
    for (const writers of WRITER_COUNTS) {
      for (const variant of VARIANTS) {
        const url = await server.createDatabase(`append${writers}`);
        await migrate(url, variant.upTo);
        const started = performance.now();
        const results = await Promise.all(Array.from({ length: writers }, () => runWriter(url, seconds, perAppend)));
        const wall = (performance.now() - started) / 1000;
        lines.push(`${variant.name}, ${summary(writers, results, wall, seconds)}`);
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
    `${writers} writer(s): ${Math.round(entries / seconds).toLocaleString('en-US')} entries/s ` +
    `(${Math.round(sum((r) => r.appends) / seconds)} appends/s), ` +
    `${Math.round(entries / cpu).toLocaleString('en-US')} entries per CPU-second ` +
    `(writers ${sum((r) => r.clientCpu).toFixed(1)} s + backends ${sum((r) => r.backendCpu).toFixed(1)} s), ` +
    `failures ${sum((r) => r.failures)}, wall ${wall.toFixed(1)} s`
  );
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
function runWriter(url: string, seconds: number, perAppend: number): Promise<WriterResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, '--writer', url, String(seconds), String(perAppend)], {
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

async function writer(url: string, seconds: number, perAppend: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const [{ pid }] = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows;
  const backendBefore = processCpu(pid);
  const clientBefore = process.cpuUsage();
  const deadline = performance.now() + seconds * 1000;
  const result = { appends: 0, entries: 0, failures: 0 };
  while (performance.now() < deadline) {
    try {
      await client.query('select append_access_log($1::jsonb, 3000)', [JSON.stringify(requestEntries(perAppend))]);
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

/** What one W1 request appends: a grid worker's page of residents, one entry per resident read. */
function requestEntries(count: number): Record<string, unknown>[] {
  const requestId = randomUUID();
  return Array.from({ length: count }, (_, i) => ({
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
  void writer(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
} else {
  main(Number(process.argv[2] ?? 20), Number(process.argv[3] ?? 50)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
