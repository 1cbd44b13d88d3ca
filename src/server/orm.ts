import { MikroORM, Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import path from 'node:path';
import { migrationsList } from '../../migrations';
import { entities } from './entities';
import { CountingLogger } from '../db/sql-counter';

/** The project folder, from src/db or from its compiled copy in dist/src/db. */
const root = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');

/**
 * The ORM settings. Migrations are applied at start-up; the schema is never synchronised at runtime.
 */
export function ormOptions(clientUrl: string, overrides: Partial<Options> = {}): Options {
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
    pool: { min: 0, max: 20 },
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
    schemaGenerator: { skipTables: ['access_log', 'access_log_checkpoint', 'case_involved_resident'] },
    ...overrides,
  };
}

export async function openOrm(clientUrl: string, overrides: Partial<Options> = {}): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl, overrides));
}

export async function migrate(orm: MikroORM): Promise<void> {
  await orm.getMigrator().up();
}
