import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { openOrm } from '../../src/server/orm';
import { seedDatabase, SeedScale } from '../../seeds/seed';
import { freePort } from './ports';

/** A PostgreSQL server the benchmark owns: a throw-away embedded one, or the one BENCH_DATABASE_URL names. */
export interface BenchServer {
  /** What the results file says about where the data lived. */
  description: string;
  /** A fresh, empty database on this server, dropped again by close(). */
  createDatabase(label: string): Promise<string>;
  close(): Promise<void>;
}

export async function startBenchServer(
  log: (line: string) => void,
  options: { durable?: boolean } = {},
): Promise<BenchServer> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) return serverAt(external, 'PostgreSQL at BENCH_DATABASE_URL', async () => undefined);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-bench-pg-'));
  // A benchmark database is rebuilt on every run, so crash safety is not worth its fsyncs during the load,
  // unless the run measures what a commit costs (the log's append throughput, --durable).
  const durable = options.durable ?? false;
  const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres', durable });
  log(`embedded PostgreSQL in ${dataDir}`);
  const description = `embedded PostgreSQL 17 (${durable ? 'fsync and synchronous commit on' : 'fsync off'}), same machine`;
  return serverAt(embedded.url, description, async () => {
    await embedded.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
}

/** One statement (or a script) on a connection of its own, closed afterwards. */
export async function runSql(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function serverAt(adminUrl: string, description: string, stop: () => Promise<void>): BenchServer {
  const created: string[] = [];
  const admin = (sql: string) => runSql(adminUrl, sql);
  return {
    description,
    async createDatabase(label) {
      // A random suffix: never the demo database, never one left over from another run.
      const name = `grid_bench_${label}_${randomBytes(4).toString('hex')}`;
      await admin(`create database "${name}"`);
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async close() {
      for (const name of created) await admin(`drop database if exists "${name}" with (force)`).catch(() => undefined);
      await stop();
    },
  };
}

export interface LoadedDatabase {
  url: string;
  migrateSeconds: number;
  seedSeconds: number;
  counts: Record<string, number>;
}

/** Migrates a fresh database and loads the seed at the given scale, timing both. */
export async function loadDatabase(server: BenchServer, label: string, scale: SeedScale): Promise<LoadedDatabase> {
  const url = await server.createDatabase(label);
  let started = performance.now();
  const orm = await openOrm(url, { debug: false });
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close();
  }
  const migrateSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const summary = await seedDatabase(url, scale);
  return { url, migrateSeconds, seedSeconds: (performance.now() - started) / 1000, counts: summary.counts };
}

/**
 * After a bulk load: VACUUM ANALYZE and a checkpoint now, so autovacuum and the checkpointer do not wake up
 * in the middle of the first measurements. CHECKPOINT needs a superuser; elsewhere it is skipped.
 */
export async function settle(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('vacuum (analyze)');
    await client.query('checkpoint').catch(() => undefined);
  } finally {
    await client.end();
  }
}
