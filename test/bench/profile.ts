import 'reflect-metadata';
import { castFor } from './cast';
import { openKeptDatabase } from './kept-database';
import { cpuOf, postmasterOf } from './cpu';
import { runLoad } from './load';
import { startApi } from './server';
import * as workloads from './workloads';

/**
 * A short targeted run for one change: keeps a seeded database (45,000 residents) in a folder between runs,
 * starts the API (with `PROFILE_CPU=on`, under `--cpu-prof`), drives one workload and prints req/s with the
 * CPU each request cost the API process and the PostgreSQL backends.
 *
 *   node dist/test/bench/profile.js [W1|W2|W3|W4] [connections] [seconds]
 * PROFILE_DIR holds the database (kept-database.ts) and the profiles.
 */
async function main(): Promise<void> {
  const [id = 'W1', connections = '1', seconds = '8'] = process.argv.slice(2);
  const { dir, url, stop } = await openKeptDatabase();
  try {
    const cast = await castFor(url, { workers: 16, subjects: 200 });
    const workload = pick(id, cast);
    const postmaster = await postmasterOf(url);
    const nodeArguments = process.env.PROFILE_CPU === 'on' ? ['--cpu-prof', `--cpu-prof-dir=${dir}/profiles`] : [];
    const api = await startApi(url, { accessLog: process.env.BENCH_ACCESS_LOG !== 'off', nodeArguments });
    try {
      await runLoad(api, workload, { connections: Number(connections), seconds: 2, warmupSeconds: 0 });
      const before = cpuOf(api.pid, postmaster);
      const result = await runLoad(api, workload, {
        connections: Number(connections),
        seconds: Number(seconds),
        warmupSeconds: 0,
      });
      const after = cpuOf(api.pid, postmaster);
      const perRequest = (a: number, b: number) => ((b - a) / result.requests).toFixed(2);
      console.log(
        `${id} ${connections} conn: ${result.perSecond.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ` +
          `CPU/request API ${perRequest(before.apiMs, after.apiMs)} ms + PostgreSQL ${perRequest(before.postgresMs, after.postgresMs)} ms, ` +
          `sql/request ${result.sqlPerRequest?.toFixed(1)}, errors ${JSON.stringify(result.errors)} ${result.firstError ?? ''}`,
      );
    } finally {
      await api.stop();
    }
  } finally {
    await stop();
  }
}

function pick(id: string, cast: Awaited<ReturnType<typeof castFor>>): workloads.Workload {
  if (id === 'W2') return workloads.overdueCases(cast);
  if (id === 'W3') return workloads.delegatedResidents(cast);
  if (id === 'W4') return workloads.subjectAccessLog(cast);
  if (id === 'ME') return workloads.callerOnly(cast);
  return workloads.gridWorkerResidents(cast);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
