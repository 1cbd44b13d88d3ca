import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A start-up problem of the embedded server, worded for the operator and naming the setting to change. */
export class EmbeddedStartError extends Error {}

/**
 * Creates the data directory one level at a time: a recursive mkdir under /proc or /sys never returns
 * (it retries forever at full CPU), a plain one fails at once with the reason.
 */
export function prepareDataDir(databaseDir: string): void {
  const missing: string[] = [];
  let existing = databaseDir;
  while (!fs.existsSync(existing)) {
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  if (!fs.statSync(existing).isDirectory()) throw unusable(databaseDir, `${existing} is not a directory`);
  for (const dir of missing) {
    try {
      fs.mkdirSync(dir);
    } catch (error) {
      throw unusable(databaseDir, `cannot create ${dir} (${codeOf(error)})`);
    }
  }
  const probe = path.join(databaseDir, `.write-probe-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
    fs.unlinkSync(probe);
  } catch (error) {
    throw new EmbeddedStartError(`EMBEDDED_PG_DIR ${databaseDir} is not writable (${codeOf(error)})`);
  }
}

/** A live server already owns the data directory: PostgreSQL's lock file names a running process. */
export function assertDataDirFree(databaseDir: string): void {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgres(pid)) return;
  throw new EmbeddedStartError(
    `EMBEDDED_PG_DIR ${databaseDir} is in use by another PostgreSQL instance (pid ${pid}); stop it or choose another directory`,
  );
}

export async function assertPortFree(port: number): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  if (!free) throw new EmbeddedStartError(`EMBEDDED_PG_PORT ${port} is in use; choose another port`);
}

/** Turns what the server printed before it exited into the cause, rather than an empty rejection. */
export function explainExit(output: string, databaseDir: string, port: number): EmbeddedStartError {
  const last = output.trim().split('\n').filter(Boolean).slice(-3).join(' ').slice(0, 400);
  if (/lock file "postmaster\.pid" already exists/.test(output))
    return new EmbeddedStartError(`EMBEDDED_PG_DIR ${databaseDir} is in use by another PostgreSQL instance`);
  if (/could not bind|Address already in use|could not create any TCP\/IP sockets/i.test(output))
    return new EmbeddedStartError(`EMBEDDED_PG_PORT ${port} is in use; choose another port`);
  if (/Permission denied|Read-only file system|No space left/i.test(output))
    return new EmbeddedStartError(`EMBEDDED_PG_DIR ${databaseDir} is not writable by the server: ${last}`);
  return new EmbeddedStartError(`The embedded PostgreSQL in EMBEDDED_PG_DIR ${databaseDir} did not start: ${last}`);
}

function isPostgres(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, owned by another user (the dedicated postgres user when run as root).
    if (codeOf(error) !== 'EPERM') return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return true;
  }
}

function unusable(databaseDir: string, reason: string): EmbeddedStartError {
  return new EmbeddedStartError(`EMBEDDED_PG_DIR ${databaseDir} is not a usable path: ${reason}`);
}

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : String(error);
}
