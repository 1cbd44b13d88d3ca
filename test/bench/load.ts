import autocannon from 'autocannon';
import { probeLiveness } from './liveness';
import type { ApiProcess } from './server';
import { cpuOf } from './cpu';
import type { Step, Workload } from './workloads';

/** One measured run: a workload at one connection count for a fixed time. */
export interface LoadResult {
  workload: string;
  target: string;
  connections: number;
  seconds: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Non-2xx answers, 200 answers carrying GraphQL errors, and socket errors or timeouts. */
  errors: { non2xx: number; graphql: number; socket: number };
  firstError?: string;
  /** Means over sampled answers, from extensions.sqlStatements / extensions.accessLogEntries. */
  sqlPerRequest?: number;
  logRowsPerRequest?: number;
  /** CPU time per request in ms, from /proc: the serving process (the API, or the floor's own client) and PostgreSQL's processes. */
  cpuApiMs?: number;
  cpuPostgresMs?: number;
  rssMiB?: number;
  /** VmHWM: the most the server process has held since it started. */
  peakMiB?: number;
  /** /health/live answer times (ms) probed from another process during the run (the target: under 100 ms). */
  liveP99?: number;
  liveMax?: number;
}

export interface LoadSettings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

/** Every SAMPLE_EVERY-th answer is read for its extensions; reading all would load the 2 cores the server needs. */
const SAMPLE_EVERY = 5;

class Tally {
  responses = 0;
  non2xx = 0;
  graphql = 0;
  firstError?: string;
  sampled = 0;
  sql = 0;
  logRows = 0;

  record(status: number, body: string): boolean {
    this.responses++;
    const failed = status < 200 || status >= 300 || body.includes('"errors":[');
    if (status < 200 || status >= 300) this.non2xx++;
    else if (failed) this.graphql++;
    if (failed) this.firstError ??= `HTTP ${status}: ${body.slice(0, 300)}`;
    if (this.responses % SAMPLE_EVERY === 0) this.sample(body);
    return !failed;
  }

  private sample(body: string): void {
    const sql = numberAfter(body, '"sqlStatements":');
    if (sql === undefined) return;
    this.sampled++;
    this.sql += sql;
    this.logRows += numberAfter(body, '"accessLogEntries":') ?? 0;
  }
}

/** The extensions come last in the body, so searching from the end stays cheap on large pages. */
function numberAfter(body: string, key: string): number | undefined {
  const at = body.lastIndexOf(key);
  if (at < 0) return undefined;
  const match = /^\d+/.exec(body.slice(at + key.length, at + key.length + 12));
  return match ? Number(match[0]) : undefined;
}

function requestsOf(steps: Step[], tally: Tally): autocannon.Request[] {
  return steps.map((step) => ({
    method: 'POST',
    setupRequest: (request, state) => {
      const outgoing = step.next(state);
      return outgoing ? { ...request, method: 'POST', headers: outgoing.headers, body: outgoing.body } : null;
    },
    onResponse: (status, body, state) => {
      if (tally.record(status, body)) step.after?.(JSON.parse(body).data, state);
      // A failed step leaves later steps nothing to act on: they find the state empty and the sequence restarts.
      else for (const key of Object.keys(state)) delete state[key];
    },
  }));
}

async function drive(
  url: string,
  workload: Workload,
  connections: number,
  seconds: number,
  tally: Tally,
  latencies: number[] | null,
) {
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 30,
    requests: requestsOf(workload.steps, tally),
  });
  if (latencies)
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  return instance;
}

/** Warms the server up at the same concurrency, then measures; latency percentiles come from every answer. */
export async function runLoad(api: ApiProcess, workload: Workload, settings: LoadSettings): Promise<LoadResult> {
  if (settings.warmupSeconds > 0)
    await drive(api.url, workload, settings.connections, settings.warmupSeconds, new Tally(), null);
  const tally = new Tally();
  const latencies: number[] = [];
  const live = probeLiveness(new URL('/health/live', api.url).toString());
  const before = cpuOf(api.pid, api.postmaster);
  const result = await drive(api.url, workload, settings.connections, settings.seconds, tally, latencies);
  const after = cpuOf(api.pid, api.postmaster);
  const liveTimes = await live.stop();
  const percentile = percentiles(latencies);
  return {
    workload: workload.id,
    target: 'API',
    connections: settings.connections,
    seconds: result.duration,
    requests: tally.responses,
    perSecond: tally.responses / result.duration,
    p50: percentile(0.5),
    p95: percentile(0.95),
    p99: percentile(0.99),
    errors: { non2xx: tally.non2xx, graphql: tally.graphql, socket: result.errors + result.timeouts },
    firstError: tally.firstError,
    sqlPerRequest: tally.sampled ? tally.sql / tally.sampled : undefined,
    logRowsPerRequest: tally.sampled ? tally.logRows / tally.sampled : undefined,
    liveP99: percentiles(liveTimes)(0.99),
    liveMax: liveTimes.length ? Math.max(...liveTimes) : undefined,
    cpuApiMs: (after.apiMs - before.apiMs) / Math.max(1, tally.responses),
    cpuPostgresMs: (after.postgresMs - before.postgresMs) / Math.max(1, tally.responses),
    ...api.memory(),
  };
}

/** Nearest-rank percentiles over all recorded latencies (ms). */
export function percentiles(latencies: number[]): (q: number) => number {
  const sorted = Float64Array.from(latencies).sort();
  return (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
}
