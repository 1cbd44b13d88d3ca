import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { openOrm } from '../../src/server/orm';
import { seedDatabase } from '../../seeds/seed';
import { seedAccessLog } from '../../seeds/access-log';
import { castFor } from './cast';
import { settle } from './database';
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
 * PROFILE_DIR (default: a folder in the OS temp dir) holds the database and the profiles; PROFILE_PORT moves its
 * PostgreSQL off 54399; PROFILE_RESIDENTS sets the size of a new database (45,000 by default).
 */
async function main(): Promise<void> {
  const [id = 'W1', connections = '1', seconds = '8'] = process.argv.slice(2);
  const dir = process.env.PROFILE_DIR ?? path.join(os.tmpdir(), 'grid-bench-profile');
  const dataDir = path.join(dir, 'pg');
  const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const pg = await startEmbeddedPostgres({
    dataDir,
    port: Number(process.env.PROFILE_PORT ?? 54399),
    database: 'postgres',
    durable: false,
  });
  try {
    const url = pg.url;
    if (fresh) await seed(url);
    else if (await migrate(url)) await settle(url);
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
    await pg.stop();
  }
}

/** A database kept from an earlier run gets the migrations added since, then fresh statistics. */
async function migrate(url: string): Promise<boolean> {
  const orm = await openOrm(url, { debug: false });
  try {
    const applied = await orm.getMigrator().up();
    return applied.length > 0;
  } finally {
    await orm.close();
  }
}

async function seed(url: string): Promise<void> {
  await migrate(url);
  // PROFILE_RESIDENTS=450000 for the district's size (a new PROFILE_DIR; the log gets 11 entries per resident).
  const residents = Number(process.env.PROFILE_RESIDENTS ?? 45_000);
  await seedDatabase(url, { residents });
  await seedAccessLog(url, Math.round(residents * 11.1));
  await settle(url);
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
