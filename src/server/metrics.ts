import type express from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import cluster from 'node:cluster';
import { appendsWaiting } from '../audit/append-batches';
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What one answered GraphQL request adds to the series. */
export interface RequestSample {
  operation: string;
  seconds: number;
  errorCodes: string[];
  refusals: { code: string; rule: string }[];
}

export interface Metrics {
  registry: Registry;
  request(sample: RequestSample): void;
  /** An HTTP answer given before GraphQL ran (rate limit, query limits, load shedding, bad token). */
  refusedEarly(status: number): void;
  accessLogAppend(seconds: number, failed: boolean): void;
}

/** Labels come from clients (operation names) or from code (rules): past this many values, `other`. */
const MAX_LABEL_VALUES = 200;

function boundedLabels(): (value: string | null) => string {
  const seen = new Set<string>();
  return (value) => {
    const name = value && /^[A-Za-z_][A-Za-z0-9_.:-]{0,79}$/.test(value) ? value : value ? 'invalid' : 'anonymous';
    if (seen.has(name)) return name;
    if (seen.size >= MAX_LABEL_VALUES) return 'other';
    seen.add(name);
    return name;
  };
}

/** The pool MikroORM's knex keeps (tarn): how many connections are lent, idle, and waited for. */
interface PoolCounts {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

function poolOf(orm: MikroORM): PoolCounts | undefined {
  const knex = orm.em.getConnection().getKnex() as unknown as { client?: { pool?: PoolCounts } };
  return knex.client?.pool;
}

/**
 * The service's Prometheus series, in a registry of its own (one per server, so tests can start several in
 * one process). Process metrics (CPU, memory, event-loop lag, GC) come from prom-client's defaults.
 */
export function createMetrics(orm: MikroORM): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const operation = boundedLabels();
  const rule = boundedLabels();
  const requests = new Histogram({
    name: 'grid_graphql_request_duration_seconds',
    help: 'GraphQL requests answered, by operation name: count (rate) and latency',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'grid_graphql_errors_total',
    help: 'Errors in GraphQL answers, by contract error code (and HTTP refusals before GraphQL ran)',
    labelNames: ['code'],
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'grid_policy_refusals_total',
    help: 'Refusals by the policy (FORBIDDEN, PURPOSE_REQUIRED), by code and rule',
    labelNames: ['code', 'rule'],
    registers: [registry],
  });
  const appends = new Histogram({
    name: 'grid_access_log_append_duration_seconds',
    help: "Time to commit a request's access-log entries, including the wait for the log",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
    registers: [registry],
  });
  const appendFailures = new Counter({
    name: 'grid_access_log_append_failures_total',
    help: 'Requests answered AUDIT_UNAVAILABLE because their access-log entries could not be committed',
    registers: [registry],
  });
  new Gauge({
    name: 'grid_access_log_appends_waiting',
    help: "Requests waiting for their access-log entries' commit, queued or in the statement on its way",
    registers: [registry],
    collect() {
      this.set(appendsWaiting());
    },
  });
  registerPoolGauge(registry, orm);
  // A cluster's primary collects every worker's series over IPC (src/server/cluster.ts); constructing an
  // aggregator is what makes a worker answer its requests.
  if (cluster.isWorker) {
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
  }
  return {
    registry,
    request(sample) {
      requests.observe({ operation: operation(sample.operation) }, sample.seconds);
      for (const code of sample.errorCodes) errors.inc({ code: operation(code) });
      for (const refusal of sample.refusals) refusals.inc({ code: refusal.code, rule: rule(refusal.rule) });
    },
    refusedEarly: (status) => errors.inc({ code: `HTTP_${status}` }),
    accessLogAppend(seconds, failed) {
      appends.observe(seconds);
      if (failed) appendFailures.inc();
    },
  };
}

function registerPoolGauge(registry: Registry, orm: MikroORM): void {
  new Gauge({
    name: 'grid_db_pool_connections',
    help: "Connections of this process's database pool: used (lent to a request), free (idle), pending (waited for)",
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = poolOf(orm);
      if (!pool) return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'free' }, pool.numFree());
      this.set({ state: 'pending' }, pool.numPendingAcquires());
    },
  });
}

/**
 * GET /metrics in Prometheus's text format. With METRICS_TOKEN set, only `Authorization: Bearer <token>`
 * is answered; in production without a token, the API port does not serve it (see README, "Metrics").
 */
export function metricsHandler(
  source: () => Promise<string>,
  contentType: string,
  token?: string,
): express.RequestHandler {
  return async (req, res) => {
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      return void res.status(401).set('www-authenticate', 'Bearer').json({ error: 'metrics need the metrics token' });
    }
    res
      .set('content-type', contentType)
      .set('cache-control', 'no-store')
      .send(await source());
  };
}
