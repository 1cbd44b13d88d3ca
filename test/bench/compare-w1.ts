import 'reflect-metadata';
import { castFor } from './cast';
import { cpuBusyShare, gitState } from './machine';
import { openKeptDatabase } from './kept-database';
import { residentsFloor, runFloor } from './floor';
import { measure, measurePostGraphile, say } from './phases';
import type { BenchPlan } from './plan';
import type { Findings } from './report';
import { startApi } from './server';
import { table, targetRows } from './targets';
import * as workloads from './workloads';

/**
 * W1 alone, in minutes rather than the full run's half hour: the API (access log on), the raw-SQL floor and
 * PostGraphile 4 + RLS, on the kept database of profile.ts (kept-database.ts), for up to 64 grid workers.
 *
 *   node dist/test/bench/compare-w1.js [connections, comma-separated] [seconds]     e.g. 1,8 10
 */
async function main(): Promise<void> {
  const [connections = '1,8', seconds = '8'] = process.argv.slice(2);
  const plan = planOf(connections.split(',').map(Number), Number(seconds));
  const findings = emptyFindings(plan);
  findings.cpuBusyBefore = await cpuBusyShare();
  const { url, stop } = await openKeptDatabase();
  try {
    const cast = await castFor(url, { workers: plan.workers, subjects: 1 });
    say(`${cast.workers.length} grid workers`);
    const api = await startApi(url, { accessLog: true });
    try {
      for (const c of plan.connections)
        findings.runs.push(await measure(api, workloads.gridWorkerResidents(cast), c, plan, 'API'));
    } finally {
      await api.stop();
    }
    for (const c of plan.connections) {
      const settings = { connections: c, seconds: plan.seconds, warmupSeconds: plan.warmupSeconds };
      findings.floors.push(await runFloor(url, residentsFloor(cast.workers), settings));
    }
    await measurePostGraphile(url, cast, plan, findings);
  } finally {
    await stop();
  }
  console.log(report(findings));
}

function planOf(connections: number[], seconds: number): BenchPlan {
  const size = { label: 'kept', residents: 0, scale: { residents: 0 }, accessLogEntries: 0 };
  return {
    mode: 'quick',
    command: 'node dist/test/bench/compare-w1.js',
    large: size,
    small: size,
    connections,
    seconds,
    warmupSeconds: 2,
    workers: 64,
    subjects: 1,
    postgraphilePolicies: ['plain', 'ids'],
    resultsFile: '',
  };
}

function emptyFindings(plan: BenchPlan): Findings {
  const lists = { data: [], runs: [], floors: [], logOff: [], small: [], cluster: [], postgraphile: {} };
  return { plan, startedAt: new Date(), git: gitState(), statements: [], notes: [], ...lists };
}

function report(f: Findings): string {
  const rows = [...f.runs, ...f.floors, ...Object.values(f.postgraphile).flat()].map((r) => [
    r.target === 'API' ? 'API, log on' : r.target,
    r.connections,
    r.perSecond.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.errors.non2xx + r.errors.graphql + r.errors.socket,
    r.cpuApiMs?.toFixed(2) ?? '–',
    r.cpuPostgresMs?.toFixed(2) ?? '–',
    ((r.cpuApiMs ?? NaN) + (r.cpuPostgresMs ?? NaN)).toFixed(2),
  ]);
  const cpu = f.cpuBusyBefore === undefined ? '?' : `${(f.cpuBusyBefore * 100).toFixed(0)} %`;
  return [
    `W1 on the kept database, commit ${f.git?.commit}, CPU busy before the run ${cpu}`,
    '',
    table(
      ['setting', 'conn', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'CPU/req server ms', 'CPU/req PG ms', 'CPU/req ms'],
      rows,
    ),
    '',
    table(
      ['target', 'measured', 'met'],
      targetRows(f).filter((row) => String(row[0]).startsWith('W1 CPU')),
    ),
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
