import { Client, ClientConfig } from 'pg';
import { hashPassword } from '../src/auth/passwords';
import { PgCopySink } from './copy';
import { DEFAULT_SEED, writeDataset } from './dataset';
import { planFor, SeedScale } from './scale';
import { DEMO_PASSWORD } from './users';

export type { SeedScale } from './scale';

export interface SeedSummary {
  scale: string;
  seconds: number;
  counts: Record<string, number>;
}

export interface SeedOptions {
  /** The clock the data is relative to; defaults to the real one. Same seed and same UTC day: same data. */
  now?: Date;
  log?: (line: string) => void;
  /** PRNG seed; defaults to DEFAULT_SEED. */
  seed?: number;
  /** Connection settings such as connect and query timeouts (start-up bounds every wait). */
  connection?: Omit<ClientConfig, 'connectionString'>;
}

/** Tables with a serial id, whose sequences must continue after the explicit ids the seed wrote. */
const SERIAL_TABLES = [
  'grid',
  'department',
  'special_category',
  'case_category',
  'household',
  'resident',
  'resident_category',
  'worker',
  'grid_assignment',
  'training_record',
  'mentorship',
  'assessment',
  'patrol_track',
  'visit',
  'app_user',
  'delegation',
  'emergency_access',
  'cases',
  'case_event',
];

/** Lock key so two seeders started at once cannot both load (the second sees the first's grids and stops). */
const SEED_LOCK = 370_614_001;

/**
 * Loads a generated district into an empty, migrated database: one transaction (all or nothing), COPY for
 * every table, sequences moved past the explicit ids, then ANALYZE so the planner knows the new sizes.
 */
export async function seedDatabase(
  databaseUrl: string,
  scale: SeedScale,
  options: SeedOptions = {},
): Promise<SeedSummary> {
  const started = performance.now();
  const plan = planFor(scale);
  const log = options.log ?? (() => undefined);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const client = new Client({ ...options.connection, connectionString: databaseUrl });
  await client.connect();
  try {
    const sink = new PgCopySink(client);
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      if (await hasGrids(client))
        throw new Error('the database is already seeded (the grid table has rows); seed an empty database');
      // Losing the last moments of a seed on a crash is harmless: it is rerun from scratch.
      await client.query('SET LOCAL synchronous_commit = off');
      const facts = await writeDataset(sink, plan, {
        now: options.now ?? new Date(),
        seed: options.seed ?? DEFAULT_SEED,
        passwordHash,
        log,
      });
      log(
        `worker.demo grid: ${facts.demoGridName} (id ${facts.demoGridId}); resident.demo: resident ${facts.demoResidentId}; ` +
          `elderly living alone in the delegated street: ${facts.elderlyAloneInDelegatedStreet}`,
      );
      await resetSequences(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    await client.query('ANALYZE');
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    log(`seeded ${plan.name} in ${seconds} s`);
    return { scale: plan.name, seconds, counts: sink.counts };
  } finally {
    await client.end();
  }
}

/** True when any grid row exists; false on an empty or not yet migrated database. */
export async function isSeeded(
  databaseUrl: string,
  connection: Omit<ClientConfig, 'connectionString'> = {},
): Promise<boolean> {
  const client = new Client({ ...connection, connectionString: databaseUrl });
  await client.connect();
  try {
    return await hasGrids(client);
  } finally {
    await client.end();
  }
}

async function hasGrids(client: Client): Promise<boolean> {
  const table = await client.query<{ exists: boolean }>(`SELECT to_regclass('public.grid') IS NOT NULL AS exists`);
  if (!table.rows[0].exists) return false;
  const rows = await client.query<{ exists: boolean }>('SELECT EXISTS (SELECT 1 FROM grid) AS exists');
  return rows.rows[0].exists;
}

async function resetSequences(client: Client): Promise<void> {
  const statements = SERIAL_TABLES.map(
    (table) =>
      `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), COALESCE((SELECT max(id) FROM "${table}"), 0) + 1, false)`,
  );
  await client.query(statements.join(';\n'));
}
