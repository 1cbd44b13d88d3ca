import 'reflect-metadata';
import cluster from 'node:cluster';
import { ConfigError, loadConfig } from './config/config';
import { EmbeddedStartError } from './db/embedded';
import { Database, startDatabase, StartupError } from './server/database';
import { App, startApp } from './server/app';
import { startAccessLogMaintenance } from './modules/access-log/retention';
import { runPrimary } from './server/cluster';
import { errorFields, failureLog, logger } from './common/logger';

/** What has been started so far, stopped in reverse order by a signal at any point of start-up or service. */
interface Running {
  database?: Database;
  app?: App;
  maintenance?: { stop(): Promise<void> };
}

const log = (line: string) => logger.info(line);

/**
 * `npm start`: the database (embedded unless DATABASE_URL is set), migrations, the demo seed on an empty
 * database, then the API. SIGINT/SIGTERM: readiness turns false, the listener closes, in-flight requests
 * finish (up to SHUTDOWN_GRACE_MS), then the pool closes and an embedded server stops; exit 0.
 * WEB_CONCURRENCY > 1: this process is the cluster's primary (src/server/cluster.ts) and each worker runs
 * the API as below, on the database the primary started and migrated, leaving maintenance to the primary.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.WEB_CONCURRENCY > 1 && cluster.isPrimary) return runPrimary(config);
  const running: Running = {};
  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    stopping ??= stop(running, signal).then(
      () => process.exit(0),
      (error: unknown) => {
        failureLog.error(
          errorFields(error),
          `Shutdown failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        process.exit(1);
      },
    );
  };
  // Installed before anything starts, so a signal during start-up also stops what is already running.
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // A worker whose primary is gone has no one to restart or stop it: it stops itself.
  if (cluster.isWorker) process.on('disconnect', () => shutdown('primary gone'));
  running.database = await startDatabase(config, log);
  if (stopping) return;
  running.app = await startApp(config, running.database.orm);
  if (!cluster.isWorker) running.maintenance = startAccessLogMaintenance(running.database.orm, config, log);
  logger.info(`Grid governance API ready at ${running.app.url}`);
}

async function stop(running: Running, signal: string): Promise<void> {
  logger.info(`${signal}: draining requests and stopping`);
  await running.app?.stop();
  await running.maintenance?.stop();
  await running.database?.close();
  logger.info('Stopped');
}

main().catch((error: unknown) => {
  failureLog.fatal(startupMessage(error));
  process.exit(1);
});

function startupMessage(error: unknown): string {
  if (error instanceof ConfigError || error instanceof EmbeddedStartError || error instanceof StartupError)
    return error.message;
  if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE')
    return `PORT is in use: ${error.message}`;
  if (error instanceof Error && 'code' in error && error.code === 'ECONNREFUSED')
    return `Cannot reach the database: ${error.message}. Check DATABASE_URL or unset it to use the embedded server.`;
  return `Start-up failed: ${error instanceof Error ? error.message || error.name : String(error)}`;
}
