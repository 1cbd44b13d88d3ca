import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { seedAccessLog } from '../../seeds/access-log';
import { castFor } from './cast';
import { BenchServer, loadDatabase, settle, startBenchServer } from './database';
import { cpuBusyShare } from './machine';
import { auditStatements, measureFloors, measureLogOff, measureSmall, measureWorkloads, say, verifyChainJunction } from './phases';
import { BenchPlan, DataSize, planFromArguments } from './plan';
import { Findings, LoadedData, renderReport } from './report';
import { ApiProcess, startApi } from './server';

/**
 * `npm run bench` (quick) or `npm run bench -- --full`: builds its own databases, starts the API as a
 * production process, drives it with autocannon, measures the baselines and writes test/bench/RESULTS*.md.
 */
async function main(plan: BenchPlan): Promise<void> {
  const findings: Findings = {
    plan, startedAt: new Date(), cpuBusyBefore: await cpuBusyShare(), data: [], runs: [], floors: [], logOff: [], small: [], statements: [], notes: [],
  };
  const server = await startBenchServer(say);
  cleanUpWhenInterrupted(server);
  findings.database = server.description;
  try {
    const large = await prepare(server, plan.large);
    const small = await prepare(server, plan.small);
    findings.data.push(large, small);
    // Tokens outlive the server that issued them (same secret), so one cast serves every phase on the large data.
    const cast = await withApi(large.url, { accessLog: true }, async (api) => {
      const cast = await castFor(api.url, large.url, { workers: plan.workers, subjects: plan.subjects });
      await phase(findings, 'API workloads', () => measureWorkloads(api, cast, plan, findings));
      return cast;
    });
    await phase(findings, 'raw-SQL floors', () => measureFloors(large.url, cast, plan, findings));
    await phase(findings, 'access log off', () => withApi(large.url, { accessLog: false }, (api) => measureLogOff(api, cast, plan, findings)));
    await phase(findings, 'small data', () => withApi(small.url, { accessLog: true }, (api) => measureSmall(api, small, plan, findings)));
    await phase(findings, 'statement count', () => withApi(large.url, { accessLog: true, sqlLog: true }, (api) => auditStatements(api, cast, findings)));
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
  say(`${size.label}: seeded in ${database.seedSeconds.toFixed(1)} s; writing ${size.accessLogEntries.toLocaleString('en-US')} access-log entries`);
  const accessLog = await seedAccessLog(database.url, size.accessLogEntries);
  say(`${size.label}: access log loaded in ${accessLog.seconds.toFixed(1)} s; vacuuming`);
  await settle(database.url);
  return { size, ...database, accessLog };
}

/** A part that fails (the API process died, say) is reported in the notes; the parts after it still run. */
async function phase(findings: Findings, name: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    say(`${name} stopped: ${message}`);
    findings.notes.push(`**${name} stopped early**: ${message.replace(/\s+/g, ' ').slice(0, 1500)}`);
  }
}

/** API processes now running, so that an interrupted run stops them too. */
const running = new Set<ApiProcess>();

async function withApi<T>(url: string, options: { accessLog: boolean; sqlLog?: boolean }, work: (api: ApiProcess) => Promise<T>): Promise<T> {
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
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exit(1);
});
