import { Client } from 'pg';
import { castFor, Cast, missingMutations } from './cast';
import { compiledShapePlans, overdueCasesFloor, residentsFloor, runFloor } from './floor';
import { LoadResult, runLoad } from './load';
import type { BenchPlan } from './plan';
import type { Findings, LoadedData } from './report';
import type { ApiProcess } from './server';
import { find } from './targets';
import { countStatements } from './statements';
import * as workloads from './workloads';
import { measureDelivery } from './live-latency';
import { RESIDENT_MUTATIONS, residentWrites } from './resident-writes';
import { POSTGRAPHILE_SETTINGS, withPostGraphile } from './postgraphile';

const W7_SUBSCRIBERS = 200;

/** The measurements of a run, one function per part of the results file; each appends to the findings. */
const started = Date.now();
export const say = (line: string) =>
  console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

export async function measure(
  api: ApiProcess,
  workload: workloads.Workload,
  connections: number,
  plan: BenchPlan,
  setting: string,
): Promise<LoadResult> {
  const result = await runLoad(api, workload, {
    connections,
    seconds: plan.seconds,
    warmupSeconds: plan.warmupSeconds,
  });
  result.target = setting;
  const errors = result.errors.non2xx + result.errors.graphql + result.errors.socket;
  say(
    `${workload.id} ${setting}, ${connections} conn: ${result.perSecond.toFixed(0)} req/s, p99 ${result.p99.toFixed(1)} ms, ${errors} errors`,
  );
  return result;
}

export async function measureWorkloads(
  api: ApiProcess,
  cast: Cast,
  plan: BenchPlan,
  findings: Findings,
): Promise<void> {
  const reads = [
    workloads.gridWorkerResidents(cast),
    workloads.overdueCases(cast),
    workloads.delegatedResidents(cast),
    workloads.subjectAccessLog(cast),
  ];
  const missing = await missingMutations(api.url, workloads.CASE_MUTATIONS);
  if (missing.length) findings.notes.push(`W5 skipped: the schema has no ${missing.join(', ')} yet.`);
  const all = missing.length ? reads : [...reads, workloads.caseWrites(cast)];
  const missingWrites = await missingMutations(api.url, RESIDENT_MUTATIONS);
  if (missingWrites.length) findings.notes.push(`W6 skipped: the schema has no ${missingWrites.join(', ')} yet.`);
  else all.push(residentWrites(cast));
  for (const workload of all) {
    findings.titles = { ...findings.titles, [workload.id]: workload.title };
    await measureEach(findings.runs, api, workload, plan, 'API');
  }
  if (!missing.length) await measureLiveDelivery(api, cast, plan, findings);
}

/** W7: 200 command-centre subscribers connected while W5 writes run; delivery latency from commit to client. */
async function measureLiveDelivery(api: ApiProcess, cast: Cast, plan: BenchPlan, findings: Findings): Promise<void> {
  const connections = plan.connections[0];
  const w5 = workloads.caseWrites(cast);
  const result = await measureDelivery(api.url, cast, W7_SUBSCRIBERS, () => measure(api, w5, connections, plan, 'W7'));
  say(`W7 ${result.subscribers} subscribers: ${result.deliveries} deliveries, p95 ${result.p95} ms`);
  findings.notes.push(
    `W7: ${result.subscribers} command-centre subscribers while W5 ran at ${connections} connections: ` +
      `${result.deliveries} report events delivered, latency from report to client p50 ${result.p50} ms, ` +
      `p95 ${result.p95} ms, p99 ${result.p99} ms.`,
  );
}

/** Every connection count not measured yet (a resumed phase skips what it has). */
async function measureEach(
  results: LoadResult[],
  api: ApiProcess,
  workload: workloads.Workload,
  plan: BenchPlan,
  setting: string,
): Promise<void> {
  for (const connections of plan.connections) {
    if (!find(results, workload.id, connections))
      results.push(await measure(api, workload, connections, plan, setting));
  }
}

export async function measureFloors(
  databaseUrl: string,
  cast: Cast,
  plan: BenchPlan,
  findings: Findings,
): Promise<void> {
  findings.plans = await compiledShapePlans(databaseUrl, 20);
  const flagged = findings.plans.filter((p) => p.flagged).length;
  say(
    `W1 plans (compiled read) for ${findings.plans.length} workers: ${flagged} with a sequential scan or primary-key walk`,
  );
  for (const floor of [residentsFloor(cast.workers), overdueCasesFloor()]) {
    for (const connections of plan.connections) {
      const result = await runFloor(databaseUrl, floor, {
        connections,
        seconds: plan.seconds,
        warmupSeconds: plan.warmupSeconds,
      });
      say(
        `${floor.workload} raw SQL, ${connections} conn: ${result.perSecond.toFixed(0)} req/s, p99 ${result.p99.toFixed(1)} ms`,
      );
      findings.floors.push(result);
    }
  }
}

export async function measureLogOff(api: ApiProcess, cast: Cast, plan: BenchPlan, findings: Findings): Promise<void> {
  await measureEach(findings.logOff, api, workloads.gridWorkerResidents(cast), plan, 'log off');
}

/** W1 again, on a cluster of workers (WEB_CONCURRENCY): the same setting as the API phase otherwise. */
export async function measureCluster(api: ApiProcess, cast: Cast, plan: BenchPlan, findings: Findings): Promise<void> {
  await measureEach(findings.cluster, api, workloads.gridWorkerResidents(cast), plan, `cluster of ${CLUSTER_WORKERS}`);
}

export const CLUSTER_WORKERS = 2;

/** W1 served by PostGraphile 4 with row-level security (no access log), on the same data, for the same workers. */
export async function measurePostGraphile(databaseUrl: string, cast: Cast, plan: BenchPlan, findings: Findings) {
  for (const policy of plan.postgraphilePolicies) {
    const setting = POSTGRAPHILE_SETTINGS[policy];
    const runs = (findings.postgraphile[setting] ??= []);
    if (plan.connections.every((c) => find(runs, 'W1', c))) continue;
    await withPostGraphile(databaseUrl, cast.workers, policy, say, (server, workload) =>
      measureEach(runs, server, workload, plan, setting),
    );
  }
}

export async function measureSmall(
  api: ApiProcess,
  small: LoadedData,
  plan: BenchPlan,
  findings: Findings,
): Promise<void> {
  const cast = await castFor(small.url, { workers: plan.workers, subjects: plan.subjects });
  for (const workload of [workloads.gridWorkerResidents(cast), workloads.subjectAccessLog(cast)])
    await measureEach(findings.small, api, workload, plan, 'small data');
}

/** Page sizes differ so the table shows whether statements grow with the page (they must not). */
export async function auditStatements(api: ApiProcess, cast: Cast, findings: Findings): Promise<void> {
  const cases: Array<[workloads.Workload, number | null]> = [
    ...[10, 25, 50].map((n) => [workloads.gridWorkerResidents(cast, n), n] as [workloads.Workload, number]),
    ...[20, 50, 100].map((n) => [workloads.overdueCases(cast, n), n] as [workloads.Workload, number]),
    ...[20, 100].map((n) => [workloads.delegatedResidents(cast, n), n] as [workloads.Workload, number]),
    [workloads.subjectAccessLog(cast), 20],
  ];
  if ((await missingMutations(api.url, workloads.CASE_MUTATIONS)).length === 0)
    cases.push([workloads.caseWrites(cast), null]);
  for (const [workload, pageSize] of cases) {
    try {
      findings.statements.push(...(await countStatements(api, workload, pageSize)));
    } catch (error) {
      findings.notes.push(
        `Statement count of ${workload.id} (page ${pageSize ?? '–'}) failed: ${error instanceof Error ? error.message.slice(0, 300) : error}`,
      );
    }
  }
  say('SQL statements counted');
}

/**
 * verify_access_log over the seam between the generated history and what the API appended during the run:
 * the last 12 hours of generated entries and the first second of the API's own.
 */
export async function verifyChainJunction(large: LoadedData): Promise<Findings['chain']> {
  const client = new Client({ connectionString: large.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ seam: Date | null }>(
      'select occurred_at as seam from access_log where id > $1 order by id limit 1',
      [large.accessLog.lastId],
    );
    const seam = rows[0]?.seam ?? new Date();
    const result = await client.query<{
      ok: boolean;
      checked: string;
      first_bad_id: string | null;
      problem: string | null;
    }>(
      `select * from verify_access_log($1::timestamptz - interval '12 hours', $1::timestamptz + interval '1 second')`,
      [seam],
    );
    const total = await client.query<{ n: string }>('select count(*) as n from access_log');
    return { ...result.rows[0], seam, total: Number(total.rows[0].n) };
  } finally {
    await client.end();
  }
}
