import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './ports';
import { postmasterOf } from './cpu';

/** The API as production runs it: its own process, compiled code, NODE_ENV=production. */
export interface ApiProcess {
  url: string;
  pid: number;
  /** The PostgreSQL server's main process on this machine, for its CPU time; undefined when it is elsewhere. */
  postmaster?: number;
  /** Resident set size now and at its peak, in MiB, from /proc. */
  memory(): { rssMiB: number; peakMiB: number };
  /** SQL statements the server has logged so far (only with sqlLog: every statement, whoever sent it). */
  statementsLogged(): number;
  /** The text of the statements logged after the first `count` (the most recent few hundred are kept). */
  statementsSince(count: number): string[];
  stop(): Promise<void>;
}

/** The benchmark's own composition of the server (bench-server.ts), run as production runs the API. */
const MAIN = path.resolve(__dirname, 'bench-server.js');
/** Only for signing this run's tokens; the server lives for one run. */
export const BENCH_SECRET = 'benchmark-only-secret-0123456789abcdef';

export async function startApi(
  databaseUrl: string,
  options: { accessLog: boolean; sqlLog?: boolean; nodeArguments?: string[]; workers?: number },
): Promise<ApiProcess> {
  const workers = options.workers ?? 1;
  const port = await freePort();
  const env = {
    NODE_ENV: 'production',
    JWT_SECRET: BENCH_SECRET,
    SQL_COUNT: 'on',
    // The write workload asks the schema which mutations it offers.
    GRAPHQL_INTROSPECTION: 'on',
    BENCH_ACCESS_LOG: options.accessLog ? 'on' : 'off',
    DATABASE_URL: databaseUrl,
    SEED_SCALE: 'none',
    PORT: String(port),
    HOST: '127.0.0.1',
    SQL_LOG: options.sqlLog ? 'on' : 'off',
    // Above 1, a cluster (src/server/cluster.ts); memory() then reads the primary only.
    WEB_CONCURRENCY: String(workers),
    // The load comes from one address and a few users, far faster than any office: it measures
    // throughput, not the rate limits, so their points are out of its reach.
    RATE_LIMIT_USER_POINTS: String(Number.MAX_SAFE_INTEGER),
    RATE_LIMIT_IP_POINTS: String(Number.MAX_SAFE_INTEGER),
  };
  const readyLine = workers > 1 ? `Cluster of ${workers} workers ready` : 'API ready at';
  return startServerProcess(MAIN, { databaseUrl, port, env, readyLine, nodeArguments: options.nodeArguments });
}

/**
 * A GraphQL server (the API, or a server it is compared with) as its own process, so that its CPU time can
 * be read from /proc; ready once it prints its ready line.
 */
export async function startServerProcess(
  main: string,
  options: {
    databaseUrl: string;
    port: number;
    env: Record<string, string>;
    readyLine: string;
    nodeArguments?: string[];
  },
): Promise<ApiProcess> {
  const child = spawn(process.execPath, [...(options.nodeArguments ?? []), main], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = new ServerOutput(options.readyLine);
  child.stdout!.on('data', (chunk: Buffer) => output.add(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.add(chunk.toString()));
  await waitUntilReady(child, output);
  return {
    url: `http://127.0.0.1:${options.port}/graphql`,
    pid: child.pid!,
    postmaster: await postmasterOf(options.databaseUrl),
    memory: () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `the server process exited (code ${child.exitCode}, signal ${child.signalCode}); its last output:\n${output.last.join('\n')}`,
        );
      }
      return memoryOf(child.pid!);
    },
    statementsLogged: () => output.statements,
    statementsSince: (count) => output.recent.slice(Math.max(0, count - (output.statements - output.recent.length))),
    stop: () => stopProcess(child),
  };
}

/** Reads the server's console line by line: counts the ORM's "[query]" lines, keeps the rest for error messages. */
class ServerOutput {
  statements = 0;
  ready = false;
  /** The first lines (start-up) and the last ones (why it died). */
  readonly messages: string[] = [];
  readonly last: string[] = [];
  readonly recent: string[] = [];
  private partial = '';

  constructor(private readonly readyLine: string) {}

  add(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.includes('[query]')) this.statement(line);
      else this.keep(line);
      if (line.includes(this.readyLine)) this.ready = true;
    }
  }

  private statement(line: string): void {
    this.statements++;
    // "[query] select … [took 3 ms, 1 result]", coloured: keep the SQL only.
    const text = line
      .replace(/\x1b\[[0-9;]*m/g, '')
      .replace(/^.*?\[query\]\s*/, '')
      .replace(/\s*\[took [^\]]*\]\s*$/, '');
    this.recent.push(text);
    if (this.recent.length > 500) this.recent.shift();
  }

  private keep(line: string): void {
    if (this.messages.length < 100) this.messages.push(line);
    this.last.push(line);
    if (this.last.length > 40) this.last.shift();
  }
}

function waitUntilReady(child: ChildProcess, output: ServerOutput): Promise<void> {
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (!output.ready) return;
      finish();
      resolve();
    }, 50);
    const timer = setTimeout(() => fail('the server did not start within 60 s'), 60_000);
    const finish = () => {
      clearInterval(poll);
      clearTimeout(timer);
      child.removeListener('exit', exited);
    };
    const fail = (message: string) => {
      finish();
      child.kill('SIGKILL');
      reject(new Error(`${message}\n${output.messages.join('\n')}`));
    };
    const exited = (code: number | null) => fail(`the server exited with code ${code} while starting`);
    child.once('exit', exited);
  });
}

function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
