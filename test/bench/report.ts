import type { AccessLogSeedSummary } from '../../seeds/access-log';
import type { LoadedDatabase } from './database';
import type { LoadResult } from './load';
import type { WorkerPlan } from './floor';
import type { BenchPlan, DataSize } from './plan';
import type { StatementCount } from './statements';
import { describeMachine } from './machine';
import { find, table, targetRows } from './targets';

export interface LoadedData extends LoadedDatabase {
  size: DataSize;
  accessLog: AccessLogSeedSummary;
}

/** Everything a run measured, in the order the results file presents it. */
export interface Findings {
  plan: BenchPlan;
  startedAt: Date;
  finishedAt?: Date;
  database?: string;
  data: LoadedData[];
  titles?: Record<string, string>;
  runs: LoadResult[];
  floors: LoadResult[];
  logOff: LoadResult[];
  small: LoadResult[];
  /** W1 on a cluster of WEB_CONCURRENCY=2 workers, against `runs` (one process). */
  cluster: LoadResult[];
  /** W1 served by PostGraphile 4 with row-level security and no access log, by setting (policy), against `runs`. */
  postgraphile: Record<string, LoadResult[]>;
  statements: StatementCount[];
  /** W1's plan in the compiled read's shape, per grid worker. */
  plans?: WorkerPlan[];
  chain?: {
    ok: boolean;
    checked: string;
    first_bad_id: string | null;
    problem: string | null;
    seam: Date;
    total: number;
  };
  git?: { commit: string; changedFiles: number };
  /** Share of the CPU busy just before the run: other work on the machine skews every number. */
  cpuBusyBefore?: number;
  notes: string[];
}

const n0 = (value: number | undefined) =>
  value === undefined || Number.isNaN(value) ? '–' : Math.round(value).toLocaleString('en-US');
const n2 = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(2));
const n1 = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(1));
const errorsOf = (r: LoadResult) => {
  const total = r.errors.non2xx + r.errors.graphql + r.errors.socket;
  return total === 0
    ? '0'
    : `${total} (${r.errors.non2xx} non-2xx, ${r.errors.graphql} GraphQL, ${r.errors.socket} socket)`;
};

export function renderReport(f: Findings): string {
  const minutes = f.finishedAt ? ((f.finishedAt.getTime() - f.startedAt.getTime()) / 60_000).toFixed(1) : '?';
  return [
    `# Benchmark results (${f.plan.mode} mode)`,
    '',
    ...describeMachine(f, minutes).map((line) => `- ${line}`),
    '',
    '## Targets',
    '',
    table(['target', 'measured', 'met'], targetRows(f)),
    '',
    `## Workloads (API, access log on, ${f.data[0]?.size.residents.toLocaleString('en-US')} residents)`,
    '',
    'Also the runs behind the baselines and the scale curve: *log off* (BENCH_ACCESS_LOG=off, same data) and *small data*,',
    'and the raw-SQL floors of the same run. *CPU/req* is CPU time per answered request from /proc (utime + stime): *API* of',
    'the server process (for a floor: the benchmark process, its `pg` client), *PG* of the PostgreSQL server and its backends.',
    '*SQL/req* is `extensions.sqlStatements` as sampled under load (compare the statement table); *log rows/req* is',
    '`extensions.accessLogEntries`; *RSS* is VmRSS of the server process right after the run; *live p99/max* is',
    '`/health/live` probed every 20 ms from another process during the run.',
    '',
    table(
      [
        'workload',
        'setting',
        'conn',
        'req/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'errors',
        'SQL/req',
        'log rows/req',
        'CPU/req API ms',
        'CPU/req PG ms',
        'server RSS MiB',
        'live p99/max ms',
      ],
      [...f.runs, ...f.logOff, ...f.small, ...f.floors, ...f.cluster, ...Object.values(f.postgraphile).flat()].map(
        (r) => [
          `${r.workload} ${f.titles?.[r.workload] ?? ''}`,
          r.target,
          r.connections,
          n0(r.perSecond),
          n1(r.p50),
          n1(r.p95),
          n1(r.p99),
          errorsOf(r),
          n1(r.sqlPerRequest),
          n1(r.logRowsPerRequest),
          n2(r.cpuApiMs),
          n2(r.cpuPostgresMs),
          n0(r.rssMiB),
          `${n0(r.liveP99)}/${n0(r.liveMax)}`,
        ],
      ),
    ),
    '',
    ...planSection(f),
    '## Baselines',
    '',
    table(
      ['comparison', 'conn', 'API req/s', 'baseline req/s', 'API ÷ baseline', 'API p99 ms', 'baseline p99 ms'],
      baselineRows(f),
    ),
    '',
    `## Scale curve (${f.data[1]?.size.residents.toLocaleString('en-US')} → ${f.data[0]?.size.residents.toLocaleString('en-US')} residents)`,
    '',
    table(
      [
        'workload',
        'conn',
        'small req/s',
        'large req/s',
        'slowdown (small ÷ large req/s)',
        'small p95 ms',
        'large p95 ms',
        'p95 ratio',
      ],
      scaleRows(f),
    ),
    '',
    '## SQL statements per request',
    '',
    "Sequential requests (third of three). *Sent* counts every statement in the server's SQL log (SQL_LOG=on), principal lookup and",
    'access-log append included; *reported* is `extensions.sqlStatements`.',
    '',
    table(
      ['workload', 'step', 'page size', 'sent (SQL log)', 'of which begin/commit', 'reported', 'access-log rows'],
      f.statements.map((s) => [
        s.workload,
        s.step,
        s.pageSize ?? '–',
        s.logged,
        s.control,
        s.reported ?? '–',
        s.logRows ?? '–',
      ]),
    ),
    '',
    '## Notes',
    '',
    ...notes(f).map((line) => `- ${line}`),
    '',
  ].join('\n');
}

function baselineRows(f: Findings): Array<Array<string | number>> {
  const rows: Array<Array<string | number>> = [];
  const pair = (label: string, api: LoadResult | undefined, base: LoadResult | undefined, c: number) => {
    if (api && base)
      rows.push([
        label,
        c,
        n0(api.perSecond),
        n0(base.perSecond),
        `${(api.perSecond / base.perSecond).toFixed(2)}×`,
        n1(api.p99),
        n1(base.p99),
      ]);
  };
  for (const c of f.plan.connections) pair('W1 vs raw SQL', find(f.runs, 'W1', c), find(f.floors, 'W1', c), c);
  for (const c of f.plan.connections) pair('W2 vs raw SQL', find(f.runs, 'W2', c), find(f.floors, 'W2', c), c);
  for (const c of f.plan.connections) pair('W1 log on vs log off', find(f.runs, 'W1', c), find(f.logOff, 'W1', c), c);
  for (const c of f.plan.connections)
    pair('W1 cluster of 2 vs one process', find(f.cluster, 'W1', c), find(f.runs, 'W1', c), c);
  for (const [setting, runs] of Object.entries(f.postgraphile))
    for (const c of f.plan.connections)
      pair(`W1 vs ${setting} (no log)`, find(f.runs, 'W1', c), find(runs, 'W1', c), c);
  return rows;
}

function scaleRows(f: Findings): Array<Array<string | number>> {
  const rows: Array<Array<string | number>> = [];
  for (const w of ['W1', 'W4']) {
    for (const c of f.plan.connections) {
      const small = find(f.small, w, c);
      const large = find(f.runs, w, c);
      if (small && large)
        rows.push([
          w,
          c,
          n0(small.perSecond),
          n0(large.perSecond),
          (small.perSecond / large.perSecond).toFixed(2),
          n1(small.p95),
          n1(large.p95),
          (large.p95 / small.p95).toFixed(2),
        ]);
    }
  }
  return rows;
}

function notes(f: Findings): string[] {
  const lines = [...f.notes];
  if (f.plan.mode === 'quick') {
    lines.push(
      `Quick mode: W4 searches ${f.data[0]?.accessLog.entries.toLocaleString('en-US')} generated access-log entries (plus what the run appends), not the 5,000,000 of contract §11; \`--full\` uses 5,000,000.`,
    );
  }
  lines.push(
    'W2 fetches every timeline entry: `Case.timeline` has no argument for "last entry only", so the client takes the last one; the raw-SQL floor fetches the same.',
  );
  lines.push(
    'The raw-SQL floor runs the same rows through `pg` with one pool connection per API connection (W2: page + count), without HTTP, GraphQL, policy or access log.',
  );
  lines.push(
    'autocannon, the API process and PostgreSQL share the same cores; latencies include HTTP on the loopback interface.',
  );
  const undercounted = f.statements.filter((s) => s.reported !== null && s.reported < s.logged - s.control);
  if (undercounted.length) {
    lines.push(
      '`extensions.sqlStatements` reports fewer statements than the SQL log shows (begin/commit aside) for ' +
        undercounted
          .map(
            (s) =>
              `${s.workload} ${s.step}${s.pageSize ? ` (${s.pageSize})` : ''}: ${s.reported} vs ${s.logged - s.control}`,
          )
          .join(', ') +
        '.',
    );
  }
  const w1 = f.statements.find((s) => s.workload === 'W1' && s.sql.some((text) => text.includes('from "resident"')));
  if (w1)
    lines.push(
      `W1's residents statement as the API sent it: \`${w1.sql.find((text) => text.includes('from "resident"'))!.slice(0, 300)}\``,
    );
  if (f.chain) {
    lines.push(
      `Hash chain: verify_access_log over the seam between generated history and the API's own entries (${f.chain.seam.toISOString()} ± 12 h / 1 s): ` +
        `${f.chain.ok ? 'ok' : `FAILED at ${f.chain.first_bad_id}: ${f.chain.problem}`}, ${Number(f.chain.checked).toLocaleString('en-US')} entries checked; ${f.chain.total.toLocaleString('en-US')} entries in the log at the end.`,
    );
  }
  for (const r of [...f.runs, ...f.logOff, ...f.small, ...f.cluster, ...Object.values(f.postgraphile).flat()]) {
    if (r.firstError)
      lines.push(
        `First error of ${r.workload} (${r.target}, ${r.connections} conn): \`${r.firstError.replace(/`/g, "'").slice(0, 240)}\``,
      );
  }
  return lines;
}

/** W1's query plan for each sampled grid worker, flagging a sequential scan or a walk of the primary key. */
function planSection(f: Findings): string[] {
  if (!f.plans?.length) return [];
  const flagged = f.plans.filter((p) => p.flagged).length;
  return [
    `## W1 query plan (compiled read) for ${f.plans.length} grid workers`,
    '',
    `EXPLAIN ANALYZE of the page statement the API sends; ${flagged === 0 ? 'no' : `**${flagged}**`} plan with a sequential scan or a primary-key walk.`,
    '',
    table(
      ['worker id', 'grids in scope', 'execution ms', 'scans', 'flagged'],
      f.plans.map((p) => [p.workerId, p.grids, n2(p.ms), p.nodes.join('; '), p.flagged ? '**yes**' : 'no']),
    ),
    '',
  ];
}
