import { Client, Pool } from 'pg';
import { OPEN_STATUSES } from '../../src/modules/case/case-sla';
import type { WorkerLogin } from './cast';
import { LoadResult, LoadSettings, percentiles } from './load';
import { cpuOf, postmasterOf } from './cpu';
import { pageSql } from '../../src/modules/common/compiled-page.sql';

/**
 * The floor for W1 and W2: the same rows fetched with hand-written SQL through `pg`, by as many concurrent
 * loops as the API run has connections, for as long. No HTTP, no GraphQL, no policy, no access log: the
 * API cannot be faster than this, and the ratio shows what everything above the database costs.
 */
export interface FloorQuery {
  workload: string;
  /** Statements of one request, run one after the other on one connection, as the API would. */
  statements(turn: number): Array<{ text: string; values: unknown[] }>;
}

/** Rows of the worker's grid subtrees: the same OR of path prefixes the API's scope rule sends. */
function inGrids(paths: string[], firstParameter: number): string {
  return paths.map((_, i) => `r.grid_path like $${i + firstParameter}`).join(' or ');
}

/**
 * W1: the worker's page of 50 (+1 to know if there is a next page) with the grid name. OFFSET 0 keeps the
 * planner on the grid-path index: left to itself it walks the primary key in id order and filters, which
 * is slow for grids whose residents have high ids (see apiShapePlans).
 */
export function residentsFloor(workers: WorkerLogin[], first = 50): FloorQuery {
  return {
    workload: 'W1',
    statements: (turn) => {
      const { paths } = workers[turn % workers.length];
      return [
        {
          text: `select r.id, r.name, r.phone, r.id_number, r.address, g.name as grid_name
                 from (select * from resident r where ${inGrids(paths, 2)} offset 0) r join grid g on g.id = r.grid_id
                order by r.id limit $1`,
          values: [first + 1, ...paths.map((path) => `${path}%`)],
        },
      ];
    },
  };
}

/** How PostgreSQL plans the residents page in the shape the API sends it (scope as OR of prefixes, ORDER BY id LIMIT). */
export async function apiShapePlans(
  databaseUrl: string,
  workers: WorkerLogin[],
  first = 50,
): Promise<{ primaryKeyWalks: number; worstMs: number; workers: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let primaryKeyWalks = 0;
    let worstMs = 0;
    for (const { paths } of workers) {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `explain analyze select r.* from resident r where ${inGrids(paths, 2)} order by r.id limit $1`,
        [first + 1, ...paths.map((p) => `${p}%`)],
      );
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      if (plan.includes('resident_pkey')) primaryKeyWalks++;
      worstMs = Math.max(worstMs, Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? 0));
    }
    return { primaryKeyWalks, worstMs, workers: workers.length };
  } finally {
    await client.end();
  }
}

const OVERDUE = `c.status = any($1::case_status[]) and (c.resolve_due_at < now() or (c.status = 'DISPATCHED' and c.dispatch_due_at < now()))`;

/** W2: overdue cases with grid, involved residents and the whole timeline (the API has no "last entry only"), and the count. */
export function overdueCasesFloor(first = 100): FloorQuery {
  const open = [...OPEN_STATUSES];
  return {
    workload: 'W2',
    statements: () => [
      {
        text: `select c.id, c.title, c.status, c.reported_at, c.resolve_due_at, c.reporter_name, c.reporter_phone, g.name as grid_name,
                 (select json_agg(json_build_object('id', r.id, 'name', r.name) order by r.id) from case_involved_resident ci
                    join resident r on r.id = ci.resident_id where ci.case_id = c.id) as involved,
                 (select json_agg(json_build_object('action', e.action, 'toStatus', e.to_status, 'at', e.at, 'actorRole', e.actor_role)
                    order by e.at, e.id) from case_event e where e.case_id = c.id) as timeline
               from cases c join grid g on g.id = c.grid_id
              where ${OVERDUE} order by c.reported_at desc, c.id desc limit $2`,
        values: [open, first + 1],
      },
      { text: `select count(*) from cases c where ${OVERDUE}`, values: [open] },
    ],
  };
}

async function loop(
  pool: Pool,
  query: FloorQuery,
  until: number,
  latencies: number[] | null,
  turn: { next: number },
): Promise<void> {
  while (performance.now() < until) {
    const started = performance.now();
    const client = await pool.connect();
    try {
      for (const statement of query.statements(turn.next++)) await client.query(statement);
    } finally {
      client.release();
    }
    latencies?.push(performance.now() - started);
  }
}

async function runFor(
  pool: Pool,
  query: FloorQuery,
  connections: number,
  seconds: number,
  latencies: number[] | null,
): Promise<number> {
  const started = performance.now();
  const until = started + seconds * 1000;
  const turn = { next: 0 };
  await Promise.all(Array.from({ length: connections }, () => loop(pool, query, until, latencies, turn)));
  return (performance.now() - started) / 1000;
}

export async function runFloor(databaseUrl: string, query: FloorQuery, settings: LoadSettings): Promise<LoadResult> {
  const pool = new Pool({ connectionString: databaseUrl, max: settings.connections });
  const postmaster = await postmasterOf(databaseUrl);
  try {
    await runFor(pool, query, settings.connections, settings.warmupSeconds, null);
    const latencies: number[] = [];
    // The floor's client is this process: its CPU stands where the API's would.
    const before = cpuOf(process.pid, postmaster);
    const seconds = await runFor(pool, query, settings.connections, settings.seconds, latencies);
    const after = cpuOf(process.pid, postmaster);
    const percentile = percentiles(latencies);
    return {
      workload: query.workload,
      target: 'raw SQL (pg)',
      connections: settings.connections,
      seconds,
      requests: latencies.length,
      perSecond: latencies.length / seconds,
      p50: percentile(0.5),
      p95: percentile(0.95),
      p99: percentile(0.99),
      errors: { non2xx: 0, graphql: 0, socket: 0 },
      sqlPerRequest: query.statements(0).length,
      cpuApiMs: (after.apiMs - before.apiMs) / Math.max(1, latencies.length),
      cpuPostgresMs: (after.postgresMs - before.postgresMs) / Math.max(1, latencies.length),
    };
  } finally {
    await pool.end();
  }
}

/** One worker's W1 plan in the shape the API's compiled read sends (src/modules/common/compiled-page.sql.ts). */
export interface WorkerPlan {
  workerId: number;
  grids: number;
  ms: number;
  /** Plan nodes, e.g. "Index Scan using resident_grid_id_id_index". */
  nodes: string[];
  /** A sequential scan or a walk of the primary key: what the compiled read must never get. */
  flagged: boolean;
}

/**
 * EXPLAIN ANALYZE of the W1 page (50 + 1 rows with the grid's name) as the API's compiled read sends it, for
 * `count` grid workers spread over the district: each with the ids of the grids in their subtrees.
 */
export async function compiledShapePlans(databaseUrl: string, count = 20, first = 50): Promise<WorkerPlan[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: workers } = await client.query<{ worker_id: number; grid_ids: number[] }>(
      `select a.worker_id, array_agg(distinct s.id order by s.id) as grid_ids
         from grid_assignment a join grid g on g.id = a.grid_id join grid s on starts_with(s.path, g.path)
        where a.role = 'GRID_WORKER' and a.valid_from <= current_date and (a.valid_until is null or a.valid_until >= current_date)
        group by a.worker_id order by a.worker_id`,
    );
    const step = Math.max(1, Math.floor(workers.length / count));
    const chosen = workers.filter((_, i) => i % step === 0).slice(0, count);
    const plans: WorkerPlan[] = [];
    for (const worker of chosen) {
      const text = (field: string, column = field) => ({ field, column, date: false });
      const grid = { table: 'grid', columns: [text('name')], scope: { kind: 'all' as const }, gridColumn: null };
      const residents = {
        table: 'resident',
        columns: [text('name'), text('phone'), text('idNumber', 'id_number'), text('address')],
        scope: { kind: 'grids' as const, gridIds: worker.grid_ids },
        gridColumn: 'grid_id',
        relations: [
          { field: 'grid', link: { kind: 'one' as const, foreignKey: 'grid_id' }, node: { ...grid, relations: [] } },
        ],
      };
      const { text: sql, params } = pageSql(residents, {
        order: null,
        descending: false,
        after: null,
        limit: first + 1,
        where: null,
        withCount: false,
      });
      let n = 0;
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `explain analyze ${sql.replace(/\?/g, () => `$${++n}`)}`,
        params,
      );
      const lines = rows.map((row) => row['QUERY PLAN']);
      const nodes = lines
        .map((line) =>
          /(?:->\s*)?((?:Seq|Index|Index Only|Bitmap Heap|Bitmap Index) Scan[^(]*)/.exec(line)?.[1]?.trim(),
        )
        .filter((node): node is string => !!node);
      const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))?.[1] ?? NaN);
      const flagged = nodes.some((node) => node.startsWith('Seq Scan on resident') || node.includes('resident_pkey'));
      plans.push({
        workerId: worker.worker_id,
        grids: worker.grid_ids.length,
        ms,
        nodes: [...new Set(nodes)],
        flagged,
      });
    }
    return plans;
  } finally {
    await client.end();
  }
}
