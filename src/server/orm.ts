import { MikroORM, Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import path from 'node:path';
import { migrationsList } from '../../migrations';
import { entities } from './entities';
import { CountingLogger } from '../db/sql-counter';
import type { Config } from '../config/config';
import { logOutage } from '../db/outage';

/** Every wait on the database, bounded (milliseconds). */
export type DatabaseLimits = Pick<
  Config,
  | 'DB_POOL_MAX'
  | 'DB_CONNECT_TIMEOUT_MS'
  | 'DB_ACQUIRE_TIMEOUT_MS'
  | 'DB_STATEMENT_TIMEOUT_MS'
  | 'DB_LOCK_TIMEOUT_MS'
  | 'DB_IDLE_IN_TRANSACTION_MS'
>;

export const DEFAULT_LIMITS: DatabaseLimits = {
  DB_POOL_MAX: 40,
  DB_CONNECT_TIMEOUT_MS: 5000,
  DB_ACQUIRE_TIMEOUT_MS: 3000,
  DB_STATEMENT_TIMEOUT_MS: 15000,
  DB_LOCK_TIMEOUT_MS: 200,
  DB_IDLE_IN_TRANSACTION_MS: 30000,
};

/**
 * The server enforces statement, lock and idle-in-transaction timeouts (session settings sent at connect);
 * a frozen server enforces nothing, so the client also gives up on a query a little after the statement
 * timeout, and on connecting and on waiting for a pooled connection.
 */
function connectionLimits(limits: DatabaseLimits): Partial<Options> {
  return {
    pool: {
      min: 0,
      max: limits.DB_POOL_MAX,
      acquireTimeoutMillis: limits.DB_ACQUIRE_TIMEOUT_MS,
      createTimeoutMillis: limits.DB_CONNECT_TIMEOUT_MS,
    },
    driverOptions: {
      acquireConnectionTimeout: limits.DB_ACQUIRE_TIMEOUT_MS,
      connection: {
        connectionTimeoutMillis: limits.DB_CONNECT_TIMEOUT_MS,
        statement_timeout: limits.DB_STATEMENT_TIMEOUT_MS,
        lock_timeout: limits.DB_LOCK_TIMEOUT_MS,
        idle_in_transaction_session_timeout: limits.DB_IDLE_IN_TRANSACTION_MS,
        query_timeout: limits.DB_STATEMENT_TIMEOUT_MS + 2000,
        keepAlive: true,
      },
      // The query builder reports each broken pooled connection on stdout; an outage breaks them all at once.
      log: { warn: knexLine, error: knexLine },
    },
  };
}

function knexLine(message: unknown): void {
  logOutage('database connection', typeof message === 'string' ? message : String(message));
}

/** The project folder, from src/db or from its compiled copy in dist/src/db. */
const root = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');

/**
 * The ORM settings. Migrations are applied at start-up; the schema is never synchronised at runtime.
 */
export function ormOptions(
  clientUrl: string,
  overrides: Partial<Options> = {},
  limits: DatabaseLimits = DEFAULT_LIMITS,
): Options {
  return {
    clientUrl,
    entities,
    extensions: [Migrator],
    debug: ['query'],
    loggerFactory: (options) => new CountingLogger(options),
    forceUtcTimezone: true,
    // The row policy filters each entity where it is queried (relations load through their own filtered
    // queries); joining every reference just to filter it would hide rows for the wrong reason and cost a join.
    filtersOnRelations: false,
    autoJoinRefsForFilters: false,
    allowGlobalContext: false,
    ...connectionLimits(limits),
    migrations: {
      tableName: 'schema_migration',
      // Listed in code rather than discovered on disk, so compiled runs and tests apply the same set.
      migrationsList,
      path: path.join(root, 'migrations'),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    // Hand-written in migrations: the partitioned access log, its retention checkpoints, the pivot's reverse index.
    schemaGenerator: {
      skipTables: [
        'access_log',
        'access_log_checkpoint',
        'access_log_chain',
        'access_log_seal',
        'case_involved_resident',
        'resident_anonymisation',
      ],
    },
    ...overrides,
  };
}

export async function openOrm(
  clientUrl: string,
  overrides: Partial<Options> = {},
  limits: DatabaseLimits = DEFAULT_LIMITS,
): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl, overrides, limits));
}

export async function migrate(orm: MikroORM): Promise<void> {
  await orm.getMigrator().up();
}

/**
 * A second ORM on the same primary whose entity reads (outside transactions) go to the read replicas,
 * round robin; writes, transactions and hand-written SQL stay on the primary. Used for queries only.
 */
export async function openReplicaOrm(
  primaryUrl: string,
  replicaUrls: string[],
  limits: DatabaseLimits = DEFAULT_LIMITS,
): Promise<MikroORM> {
  return openOrm(
    primaryUrl,
    { replicas: replicaUrls.map((clientUrl) => ({ clientUrl })), preferReadReplicas: true },
    limits,
  );
}
