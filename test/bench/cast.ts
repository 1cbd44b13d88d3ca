import { Client } from 'pg';
import { toGlobalId } from '../../src/common/global-id';
import { createTokenService } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config/config';
import { dataOf, post, requestBody } from './graphql';
import { BENCH_SECRET } from './server';

export interface Login {
  username: string;
  token: string;
}

export interface WorkerLogin extends Login {
  /** Global id of the first grid the worker is assigned to: where they report cases. */
  gridId: string;
  /** Materialized paths of all their grids: what the hand-written SQL floor filters on. */
  paths: string[];
}

/**
 * The people a benchmark run acts as, with tokens the API accepts, and what they ask about. The tokens are
 * signed here with the run's secret, as `npm run token` would: the API runs in production mode, where
 * `login` refuses the demo accounts the benchmark data holds.
 */
export interface Cast {
  workers: WorkerLogin[];
  center: Login;
  department: Login;
  privacy: Login;
  /** Resident global ids whose access-log history the privacy officer reviews. */
  subjects: string[];
}

export async function castFor(databaseUrl: string, sizes: { workers: number; subjects: number }): Promise<Cast> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const workers = await gridWorkers(client);
    const subjects = await residentsSpreadOut(client, sizes.subjects);
    const as = async (username: string): Promise<Login> => ({ username, token: await tokenFor(client, username) });
    const workerLogins: WorkerLogin[] = [];
    for (const worker of spreadOut(workers, sizes.workers))
      workerLogins.push({ ...worker, ...(await as(worker.username)) });
    return {
      workers: workerLogins,
      center: await as('center.demo'),
      department: await as('dept.demo'),
      privacy: await as('privacy.demo'),
      subjects: subjects.map((id) => toGlobalId('Resident', id)),
    };
  } finally {
    await client.end();
  }
}

const tokens = createTokenService(loadConfig({ NODE_ENV: 'production', JWT_SECRET: BENCH_SECRET }));

async function tokenFor(client: Client, username: string): Promise<string> {
  const { rows } = await client.query<{ id: number }>('select id from app_user where username = $1 and active', [
    username,
  ]);
  if (!rows[0]) throw new Error(`no active user named ${username}`);
  return tokens.sign(rows[0].id);
}

/** worker.demo first, then, where the seed made worker logins (district shapes), every other grid worker. */
async function gridWorkers(client: Client): Promise<Array<{ username: string; gridId: string; paths: string[] }>> {
  const { rows } = await client.query<{ username: string; grid_ids: number[]; paths: string[] }>(
    `select u.username, array_agg(g.id order by g.path) as grid_ids, array_agg(g.path order by g.path) as paths
       from app_user u join grid_assignment a on a.worker_id = u.worker_id and a.role = 'GRID_WORKER'
       join grid g on g.id = a.grid_id
      where u.role = 'GRID_WORKER' and u.active and a.valid_from <= current_date and (a.valid_until is null or a.valid_until >= current_date)
      group by u.id order by u.username = 'worker.demo' desc, u.id`,
  );
  return rows.map((row) => ({ username: row.username, gridId: toGlobalId('Grid', row.grid_ids[0]), paths: row.paths }));
}

/** Every k-th item, so a handful of workers come from all over the district rather than from the first street. */
function spreadOut<T>(items: T[], count: number): T[] {
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, i) => i % step === 0).slice(0, count);
}

async function residentsSpreadOut(client: Client, count: number): Promise<number[]> {
  const { rows } = await client.query<{ id: number }>(
    'select id from resident where id % greatest(1, (select count(*) from resident) / $1) = 0 order by id limit $1',
    [count],
  );
  return rows.map((row) => row.id);
}

/** Which of the given mutations the running API offers (the write workload waits for all of them). */
export async function missingMutations(apiUrl: string, names: readonly string[]): Promise<string[]> {
  const answer = await post<{ __type: { fields: { name: string }[] } | null }>(
    apiUrl,
    requestBody('{ __type(name: "Mutation") { fields { name } } }'),
    { 'content-type': 'application/json' },
  );
  const offered = new Set(dataOf(answer, 'introspection').__type?.fields.map((field) => field.name) ?? []);
  return names.filter((name) => !offered.has(name));
}
