import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { Client } from 'pg';

/** CPU time spent so far, in milliseconds: the API process, and the PostgreSQL server's processes. */
export interface CpuSample {
  apiMs: number;
  postgresMs: number;
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime (+ the reaped children's cutime + cstime) of one process from /proc/<pid>/stat, in ms. */
function processMs(pid: number, withChildren: boolean): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    // Fields 14-17 of stat(5), counted from the state (field 3) here.
    const [utime, stime, cutime, cstime] = fields.slice(11, 15);
    return ((utime + stime + (withChildren ? cutime + cstime : 0)) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      if (new RegExp(`^PPid:\\s+${pid}$`, 'm').test(status)) children.push(Number(entry));
    } catch {
      // Gone since the listing.
    }
  }
  return children;
}

/**
 * The PostgreSQL server's main process (postmaster), found through a backend of the given database: its
 * backends and background processes are its children, and a backend that has exited is counted in its
 * cutime/cstime. Undefined when the server is not on this machine (no /proc entry for the backend).
 */
export async function postmasterOf(databaseUrl: string): Promise<number | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const status = fs.readFileSync(`/proc/${rows[0].pid}/status`, 'utf8');
    return Number(/^PPid:\s+(\d+)$/m.exec(status)?.[1]) || undefined;
  } catch {
    return undefined;
  } finally {
    await client.end();
  }
}

/** CPU used so far by the API process and by the PostgreSQL server (NaN where it cannot be read). */
export function cpuOf(apiPid: number, postmaster: number | undefined): CpuSample {
  const postgresMs =
    postmaster === undefined
      ? NaN
      : processMs(postmaster, true) + childrenOf(postmaster).reduce((sum, pid) => sum + processMs(pid, false), 0);
  return { apiMs: processMs(apiPid, false), postgresMs };
}
