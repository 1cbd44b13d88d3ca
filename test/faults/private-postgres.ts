import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openOrm } from '../../src/server/orm';
import { seedDatabase } from '../../seeds/seed';
import { freePort } from './process';

/**
 * A PostgreSQL server of one test file's own, started from the embedded binaries and loaded with the demo
 * data, so the test may do to it what it must never do to the shared server: stop it, freeze it, thaw it.
 */
export interface PrivatePostgres {
  /** The migrated and seeded demo database. */
  url: string;
  /** SIGSTOP to the postmaster and every backend: connections stay open and nothing answers. */
  freeze(): void;
  /** SIGCONT to every process freeze() stopped. */
  thaw(): void;
  /** A clean shutdown: every connection is closed and new ones are refused. */
  stop(): Promise<void>;
  /** Starts the server again on the same port and data. */
  start(): Promise<void>;
  /** Thaws, stops and removes the data directory. */
  close(): Promise<void>;
}

const DATABASE = 'grid_private';

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-fault-pg-'));
  const port = await freePort();
  let server: Server | null = await startServer(dataDir, port);
  const url = server.url;
  await loadDemoData(url);
  let frozen: number[] = [];

  const signal = (pids: number[], name: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, name);
      } catch {
        // A backend that ended meanwhile.
      }
    }
  };
  const stop = async () => {
    await server?.stop();
    server = null;
  };
  return {
    url,
    freeze() {
      const postmaster = postmasterPid(dataDir);
      // The postmaster first, so it forks no new backend while its children are being stopped.
      frozen = [postmaster, ...childrenOf(postmaster)];
      signal(frozen, 'SIGSTOP');
    },
    thaw() {
      signal([...frozen].reverse(), 'SIGCONT');
      frozen = [];
    },
    stop,
    async start() {
      server ??= await startServer(dataDir, port);
    },
    async close() {
      signal(frozen, 'SIGCONT');
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface Server {
  url: string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs src/db/embedded.ts in a child process (see postgres-child.ts) and waits for its URL. */
function startServer(dataDir: string, port: number): Promise<Server> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', './test/support/register-ts.js', 'test/faults/postgres-child.ts', dataDir, String(port), DATABASE],
    { cwd: ROOT, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /^ready (\S+)$/m.exec(output);
      if (!ready) return;
      child.stdout!.off('data', read);
      resolve({
        url: ready[1],
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`the private PostgreSQL did not start:\n${output}`)));
  });
}

/** Migrations and the demo seed, as the shared template gets them (about ten seconds on two busy cores). */
async function loadDemoData(url: string): Promise<void> {
  const orm = await openOrm(url, { debug: false });
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close();
  }
  await seedDatabase(url, 'demo');
}

function postmasterPid(dataDir: string): number {
  const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no postmaster pid in ${dataDir}`);
  return pid;
}

/** The postmaster's backends and auxiliary processes, from /proc (field 4 of stat is the parent's pid). */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === parent) children.push(Number(entry));
    } catch {
      // A process that ended while the list was read.
    }
  }
  return children;
}
