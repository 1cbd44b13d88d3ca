import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../../config/config';
import { sealAccessLog, sealKey } from '../../audit/access-log-seal';
import { anonymiseMovedOutResidents } from '../resident/anonymisation';

/** Months of partitions kept ready ahead of now, so no entry ever falls into the default partition. */
const MONTHS_AHEAD = 3;

export interface MaintenanceReport {
  /** Partitions dropped because their month ended more than the retention period ago and no hold keeps them. */
  dropped: string[];
}

/**
 * One maintenance pass over the access log: partitions for this month and the next three, then whole
 * monthly partitions past retention dropped by the database function, which skips those under a legal
 * hold. Dropping partitions is how entries leave the log: row deletes are refused.
 */
export async function maintainAccessLog(em: EntityManager, retentionDays: number): Promise<MaintenanceReport> {
  const connection = em.getConnection();
  await connection.execute(
    `select ensure_access_log_partition((date_trunc('month', now()) + make_interval(months => m))::date)
       from generate_series(0, ?) as m`,
    [MONTHS_AHEAD],
  );
  const rows = await connection.execute<{ name: string }[]>(
    'select name from drop_expired_access_log_partitions(?) as name',
    [retentionDays],
  );
  return { dropped: rows.map((row) => row.name) };
}

/**
 * Adds chains up to `count` (chains are never removed: their entries stay verifiable, and an idle chain
 * costs nothing). A writer takes any free chain, so more chains mean fewer waits between concurrent writers.
 */
export async function ensureAccessLogChains(em: EntityManager, count: number): Promise<void> {
  await em
    .getConnection()
    .execute('insert into access_log_chain (chain) select generate_series(1, ?) on conflict do nothing', [count]);
}

export interface Maintenance {
  /** The pass run at start-up. */
  firstRun: Promise<MaintenanceReport | null>;
  /** Stops the timer and waits for a pass under way. */
  stop(): Promise<void>;
}

/**
 * Runs maintenance (the access log's partitions and retention, then the anonymisation of residents moved out
 * past MOVED_OUT_RETENTION_DAYS) now and then every ACCESS_LOG_MAINTENANCE_MINUTES, and seals the chains' heads every
 * ACCESS_LOG_SEAL_SECONDS and once more on stop. The timers do not keep the process alive; a failed pass is
 * reported and retried at the next tick rather than stopping the server.
 */
export function startAccessLogMaintenance(orm: MikroORM, config: Config, log: (line: string) => void): Maintenance {
  let running: Promise<MaintenanceReport | null> = Promise.resolve(null);
  const fork = () => orm.em.fork() as EntityManager;
  const pass = () => {
    running = running.then(() =>
      ensureAccessLogChains(fork(), config.ACCESS_LOG_CHAINS)
        .then(() => maintainAccessLog(fork(), config.ACCESS_LOG_RETENTION_DAYS))
        .then(async (report) => {
          // The same pass anonymises residents moved out past their retention (contract §13).
          const anonymised = await anonymiseMovedOutResidents(fork(), config.MOVED_OUT_RETENTION_DAYS);
          if (anonymised.length > 0) log(`Anonymised ${anonymised.length} residents who moved out of the district`);
          return report;
        })
        .then(
          (report) => {
            if (report.dropped.length > 0) log(`Access log retention dropped ${report.dropped.join(', ')}`);
            return report;
          },
          (error: unknown) => {
            log(`Access log maintenance failed: ${error instanceof Error ? error.message : String(error)}`);
            return null;
          },
        ),
    );
    return running;
  };
  const seals = startSealing(fork, config, log);
  const firstRun = pass();
  const timer = setInterval(() => void pass(), config.ACCESS_LOG_MAINTENANCE_MINUTES * 60_000);
  timer.unref();
  return {
    firstRun,
    async stop() {
      clearInterval(timer);
      await running;
      await seals.stop();
    },
  };
}

/** Seals every ACCESS_LOG_SEAL_SECONDS; each instance seals on its own, which only adds checkpoints. */
function startSealing(fork: () => EntityManager, config: Config, log: (line: string) => void) {
  const key = sealKey(config);
  let sealing: Promise<unknown> = Promise.resolve();
  const seal = () => {
    sealing = sealing.then(() =>
      sealAccessLog(fork(), key).then(
        (sealed) => {
          if (sealed.missing)
            log(`Access log checkpoint ${sealed.missing} was removed: checkpoint ${sealed.id} links to it`);
        },
        (error: unknown) => log(`Access log sealing failed: ${error instanceof Error ? error.message : String(error)}`),
      ),
    );
    return sealing;
  };
  const timer = setInterval(() => void seal(), config.ACCESS_LOG_SEAL_SECONDS * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await seal();
    },
  };
}
