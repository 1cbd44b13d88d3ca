import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { Findings } from './report';

/** Share of all cores busy over `ms`, from /proc/stat: the benchmark's numbers mean little if others were using the machine. */
export async function cpuBusyShare(ms = 1000): Promise<number> {
  const sample = () => {
    const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal; guest time is already inside user and nice.
    return { idle: ticks[3] + ticks[4], total: ticks.slice(0, 8).reduce((sum, n) => sum + n, 0) };
  };
  const first = sample();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const second = sample();
  return 1 - (second.idle - first.idle) / Math.max(1, second.total - first.total);
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** The code a run measures, read when it starts (others may commit while it runs). */
export function gitState(): { commit: string; changedFiles: number } {
  return {
    commit: git('rev-parse', 'HEAD'),
    changedFiles: git('status', '--porcelain').split('\n').filter(Boolean).length,
  };
}

/** Where, when and from what a run was made: the header of the results file. */
export function describeMachine(f: Findings, minutes: string): string[] {
  const cpus = os.cpus();
  const { commit, changedFiles: changed } = f.git ?? gitState();
  const p = f.plan;
  return [
    `Date: ${f.startedAt.toISOString()} (run took ${minutes} min)`,
    `Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`,
    `Commit: ${commit} at the start${changed ? ` (working tree: ${changed} files changed or untracked, work in progress by others included)` : ''}`,
    `Command: \`${p.command}\` (= \`npm run build --silent && node dist/test/bench/run.js${p.mode === 'full' ? ' --full' : ''}\`)`,
    `Database: ${f.database ?? '?'}; a fresh database per data size, dropped at the end`,
    ...f.data.map(
      (d) =>
        `Data "${d.size.label}": ${d.size.residents.toLocaleString('en-US')} residents, ${(d.counts.cases ?? 0).toLocaleString('en-US')} cases, ` +
        `${(d.counts.app_user ?? 0).toLocaleString('en-US')} logins: migrate ${d.migrateSeconds.toFixed(1)} s, seed ${d.seedSeconds.toFixed(1)} s; ` +
        `access log ${d.accessLog.entries.toLocaleString('en-US')} entries in ${d.accessLog.seconds.toFixed(1)} s ` +
        `(${Math.round(d.accessLog.entries / d.accessLog.seconds).toLocaleString('en-US')} entries/s, seeds/access-log.ts)`,
    ),
    `Load: autocannon (programmatic), ${p.warmupSeconds} s warm-up then ${p.seconds} s per run at ${p.connections.join(', ')} connections; ` +
      `tokens signed with the run's secret; W1/W5 rotate over ${p.workers} GRID_WORKER logins, W4 over ${p.subjects} residents`,
    busyLine(f),
    `Server: \`NODE_ENV=production SEED_SCALE=none node dist/test/bench/bench-server.js\` (the production server plus the benchmark switches), one process per setting; peak RSS ${peakOf(f)} MiB (VmHWM)`,
  ];
}

function busyLine(f: Findings): string {
  const busy = f.cpuBusyBefore ?? NaN;
  return (
    `CPU busy just before the run (1 s sample of /proc/stat): ${(busy * 100).toFixed(0)} %` +
    (busy > 0.1 ? ' — something else was running, so the numbers below may be pessimistic' : ' (machine idle)')
  );
}

function peakOf(f: Findings): string {
  const peaks = [...f.runs, ...f.logOff, ...f.small].map((r) => r.peakMiB ?? 0);
  return peaks.length ? Math.max(...peaks).toFixed(0) : '?';
}
