import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { seedAccessLog } from '../../seeds/access-log';
import { castFor } from './cast';
import { BenchServer, loadDatabase, settle, startBenchServer } from './database';
import { cpuBusyShare, gitState } from './machine';
import {
  auditStatements,
  CLUSTER_WORKERS,
  measureCluster,
  measureFloors,
  measureLogOff,
  measurePostGraphile,
  measureSmall,
  measureWorkloads,
  say,
  verifyChainJunction,
} from './phases';
import { BenchPlan, DataSize, planFromArguments } from './plan';
import { Findings, LoadedData, renderReport } from './report';
import { ApiProcess, startApi } from './server';

/**
 * `npm run bench` (quick) or `npm run bench -- --full`: builds its own databases, starts the API as a
 * production process, drives it with autocannon, measures the baselines and writes test/bench/RESULTS*.md.
 */
async function main(plan: BenchPlan): Promise<void> {
  const findings: Findings = {
    plan,
    startedAt: new Date(),
    git: gitState(),
    cpuBusyBefore: await cpuBusyShare(),
    data: [],
    runs: [],
    floors: [],
    logOff: [],
    small: [],
    cluster: [],
    postgraphile: {},
    statements: [],
    notes: [],
  };
  const server = await startBenchServer(say);
  cleanUpWhenInterrupted(server);
  findings.database = server.description;
  try {
    const large = await prepare(server, plan.large);
    const small = await prepare(server, plan.small);
    findings.data.push(large, small);
    // Signed with the run's secret, the tokens serve every server process of every phase on the large data.
    const cast = await castFor(large.url, { workers: plan.workers, subjects: plan.subjects });
    await phase(
      findings,
      'API workloads',
      () => withApi(large.url, { accessLog: true }, (api) => measureWorkloads(api, cast, plan, findings)),
      2,
    );
    await phase(findings, 'raw-SQL floors', () => measureFloors(large.url, cast, plan, findings));
    await phase(
      findings,
      'access log off',
      () => withApi(large.url, { accessLog: false }, (api) => measureLogOff(api, cast, plan, findings)),
      2,
    );
    await phase(
      findings,
      'cluster mode',
      () =>
        withApi(large.url, { accessLog: true, workers: CLUSTER_WORKERS }, (api) =>
          measureCluster(api, cast, plan, findings),
        ),
      2,
    );
    // After the API's runs on this data; it removes its policy again before the statement count.
    await phase(findings, 'PostGraphile 4 + RLS', () => measurePostGraphile(large.url, cast, plan, findings));
    await phase(
      findings,
      'small data',
      () => withApi(small.url, { accessLog: true }, (api) => measureSmall(api, small, plan, findings)),
      2,
    );
    await phase(findings, 'statement count', () =>
      withApi(large.url, { accessLog: true, sqlLog: true }, (api) => auditStatements(api, cast, findings)),
    );
    await phase(findings, 'hash-chain check', async () => {
      findings.chain = await verifyChainJunction(large);
    });
  } finally {
    await server.close();
  }
  findings.finishedAt = new Date();
  const markdown = renderReport(findings);
  const file = path.resolve(__dirname, '../../../test/bench', plan.resultsFile);
  fs.writeFileSync(file, markdown);
  console.log(markdown);
  say(`written to ${path.relative(process.cwd(), file)}`);
}

async function prepare(server: BenchServer, size: DataSize): Promise<LoadedData> {
  say(`${size.label}: migrating and seeding ${size.residents.toLocaleString('en-US')} residents`);
  const database = await loadDatabase(server, size.label, size.scale);
  say(
    `${size.label}: seeded in ${database.seedSeconds.toFixed(1)} s; writing ${size.accessLogEntries.toLocaleString('en-US')} access-log entries`,
  );
  const accessLog = await seedAccessLog(database.url, size.accessLogEntries);
  say(`${size.label}: access log loaded in ${accessLog.seconds.toFixed(1)} s; vacuuming`);
  await settle(database.url);
  return { size, ...database, accessLog };
}

/**
 * A part that fails (the API process died, say) is reported in the notes and, if it may be attempted again,
 * resumed with a fresh API process: measurements skip the runs they already have. The parts after it still run.
 */
async function phase(findings: Findings, name: string, work: () => Promise<void>, attempts = 1): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await work();
      return;
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 1500);
      const next = attempt < attempts ? 'resumed with a new API process' : 'stopped early';
      say(`${name}: ${message}; ${next}`);
      findings.notes.push(`**${name} ${next}** after: ${message}`);
    }
  }
}

/** API processes now running, so that an interrupted run stops them too. */
const running = new Set<ApiProcess>();

async function withApi<T>(
  url: string,
  options: { accessLog: boolean; sqlLog?: boolean; workers?: number },
  work: (api: ApiProcess) => Promise<T>,
): Promise<T> {
  const api = await startApi(url, options);
  running.add(api);
  try {
    return await work(api);
  } finally {
    await api.stop();
    running.delete(api);
  }
}

/** Ctrl-C or SIGTERM: stop the API, drop the databases and remove the embedded server's folder before leaving. */
function cleanUpWhenInterrupted(server: BenchServer): void {
  const stop = (signal: string) => {
    say(`${signal}: stopping the API and the database`);
    void Promise.allSettled([...running].map((api) => api.stop()))
      .then(() => server.close())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main(planFromArguments(process.argv.slice(2))).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
