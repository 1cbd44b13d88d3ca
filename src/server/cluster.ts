import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Config } from '../config/config';
import { errorFields, failureLog, logger } from '../common/logger';
import { startAccessLogMaintenance } from '../modules/access-log/retention';
import { startDatabase, type Database } from './database';
import { startMetricsListener, type MetricsListener } from './metrics-listener';

/** A worker that dies sooner than this after its start is restarted only after this long (no crash loop). */
const RESTART_DELAY_MS = 1000;

interface Primary {
  database?: Database;
  maintenance?: { stop(): Promise<void> };
  metrics?: MetricsListener;
  stopping: boolean;
  failedExits: number;
}

/**
 * The cluster's primary (WEB_CONCURRENCY > 1): it starts the database once (the embedded server too),
 * migrates and seeds it, runs the access-log maintenance and the combined /metrics, then forks one worker
 * per WEB_CONCURRENCY, each serving the same port on that database (node:cluster hands connections out).
 * A worker that dies is replaced. SIGTERM/SIGINT: every worker drains and stops (src/main.ts), then the
 * primary closes the database; exit 0 when every worker stopped cleanly.
 */
export async function runPrimary(config: Config): Promise<void> {
  const primary: Primary = { stopping: false, failedExits: 0 };
  const stop = (signal: string) => {
    if (primary.stopping) return;
    primary.stopping = true;
    logger.info(`${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
    void stopAll(primary, config).then(
      () => process.exit(primary.failedExits === 0 ? 0 : 1),
      (error: unknown) => {
        failureLog.error(errorFields(error), 'Cluster shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  primary.database = await startDatabase(config, (line) => logger.info(line));
  if (primary.stopping) return;
  primary.maintenance = startAccessLogMaintenance(primary.database.orm, config, (line) => logger.info(line));
  if (config.METRICS_PORT !== undefined) {
    const aggregator = new AggregatorRegistry();
    primary.metrics = await startMetricsListener(config, () => aggregator.clusterMetrics(), aggregator.contentType);
  }
  forkWorkers(primary, config, primary.database.url);
}

function forkWorkers(primary: Primary, config: Config, databaseUrl: string): void {
  // The primary migrated and seeded; workers only connect.
  const env = { DATABASE_URL: databaseUrl, SEED_SCALE: 'none' };
  const started = new Map<Worker, number>();
  const fork = () => started.set(cluster.fork(env), Date.now());
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    if (++listening === config.WEB_CONCURRENCY)
      logger.info(`Cluster of ${config.WEB_CONCURRENCY} workers ready at port ${address.port}`);
  });
  cluster.on('exit', (worker, code, signal) => {
    const age = Date.now() - (started.get(worker) ?? 0);
    started.delete(worker);
    if (code !== 0) primary.failedExits++;
    if (primary.stopping) return;
    failureLog.error({ workerPid: worker.process.pid, code, signal }, 'Worker exited; starting another');
    setTimeout(fork, age < RESTART_DELAY_MS ? RESTART_DELAY_MS : 0);
  });
  for (let i = 0; i < config.WEB_CONCURRENCY; i++) fork();
}

/** Every worker drains (its own SHUTDOWN_GRACE_MS); one still running well past it is killed. */
async function stopAll(primary: Primary, config: Config): Promise<void> {
  const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker);
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          const killer = setTimeout(() => worker.process.kill('SIGKILL'), config.SHUTDOWN_GRACE_MS + 15_000);
          worker.once('exit', () => {
            clearTimeout(killer);
            resolve();
          });
          worker.process.kill('SIGTERM');
        }),
    ),
  );
  await primary.metrics?.close();
  await primary.maintenance?.stop();
  await primary.database?.close();
  logger.info(`Stopped${primary.failedExits ? ` (${primary.failedExits} workers exited with an error)` : ''}`);
}
