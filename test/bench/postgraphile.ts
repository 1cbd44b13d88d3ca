import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import type { WorkerLogin } from './cast';
import { residentsFloor } from './floor';
import { dataOf, headersFor, post, requestBody } from './graphql';
import { freePort } from './ports';
import {
  disableRowLevelSecurity,
  enableRowLevelSecurity,
  POSTGRAPHILE_AUDIENCE,
  POSTGRAPHILE_ISSUER,
  RlsPolicy,
} from './postgraphile-rls';
import { ApiProcess, startServerProcess } from './server';
import type { Workload } from './workloads';

/** The settings' names in the results: W1 served by PostGraphile 4 with row-level security, no access log. */
export const POSTGRAPHILE_SETTINGS: Record<RlsPolicy, string> = {
  plain: 'PostGraphile 4 + RLS',
  ids: 'PostGraphile 4 + RLS, ids by function',
};

const PACKAGE_DIR = path.resolve(__dirname, '../../../test/bench/postgraphile');
const MAIN = path.resolve(__dirname, 'postgraphile-server.js');
/** Only for this run's tokens to PostGraphile. */
const SECRET = 'benchmark-only-postgraphile-secret-0123456789';

/**
 * W1's page as PostGraphile names it, with the fields the API's W1 asks for (its id and page info included).
 * The API pages by cursor in id order; PostGraphile's ID_ASC is the same order.
 */
const RESIDENTS_PAGE = `query GridWorkerResidents($first: Int!) {
  allResidents(first: $first, orderBy: ID_ASC) {
    nodes { id name phone idNumber address gridByGridId { name } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface ResidentsPage {
  allResidents: { nodes: Array<{ id: number; name: string; gridByGridId: { name: string } | null }> };
}

/** The package is installed from its lock file the first time a run needs it. */
function install(log: (line: string) => void): void {
  if (fs.existsSync(path.join(PACKAGE_DIR, 'node_modules'))) return;
  log('installing PostGraphile 4: npm ci --prefix test/bench/postgraphile');
  execFileSync('npm', ['ci', '--prefix', PACKAGE_DIR, '--no-audit', '--no-fund'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** One token per worker, naming their grid paths, which PostGraphile verifies and passes on to the policy. */
async function tokensFor(workers: WorkerLogin[]): Promise<string[]> {
  const key = new TextEncoder().encode(SECRET);
  return Promise.all(
    workers.map((worker) =>
      new SignJWT({ grid_paths: worker.paths })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(worker.username)
        .setIssuer(POSTGRAPHILE_ISSUER)
        .setAudience(POSTGRAPHILE_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('4h')
        .sign(key),
    ),
  );
}

/** W1 against PostGraphile: the same page, rotating over the same workers' tokens. */
function residentsWorkload(tokens: string[], first = 50): Workload {
  const body = requestBody(RESIDENTS_PAGE, { first });
  let turn = 0;
  const next = () => ({ headers: headersFor(tokens[turn++ % tokens.length]), body });
  return { id: 'W1', title: `grid worker: residents page of ${first}`, steps: [{ name: 'allResidents', next }] };
}

async function startPostGraphile(databaseUrl: string): Promise<ApiProcess> {
  const port = await freePort();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    POSTGRAPHILE_JWT_SECRET: SECRET,
  };
  return startServerProcess(MAIN, { databaseUrl, port, env, readyLine: 'PostGraphile ready at' });
}

/**
 * Every worker's page from PostGraphile must be the floor's page row for row (id, name, grid name): else the
 * policy shows other residents than the API's rule and the comparison would measure different work.
 */
async function verifySameRows(server: ApiProcess, databaseUrl: string, workers: WorkerLogin[], tokens: string[]) {
  const floor = residentsFloor(workers);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const differing: string[] = [];
  try {
    for (let i = 0; i < workers.length; i++) {
      const [statement] = floor.statements(i);
      const { rows } = await client.query<{ id: number; name: string; grid_name: string }>(
        statement.text,
        statement.values,
      );
      const expected = rows.slice(0, 50).map((row) => `${row.id} ${row.name} ${row.grid_name}`);
      const answer = await post<ResidentsPage>(
        server.url,
        requestBody(RESIDENTS_PAGE, { first: 50 }),
        headersFor(tokens[i]),
      );
      const nodes = dataOf(answer, `PostGraphile's page for ${workers[i].username}`).allResidents.nodes;
      const served = nodes.map((node) => `${node.id} ${node.name} ${node.gridByGridId?.name}`);
      if (served.join('\n') !== expected.join('\n'))
        differing.push(
          `${workers[i].username}: ${served.length} rows from ${served[0] ?? '–'}, the floor ${expected.length} from ${expected[0] ?? '–'}`,
        );
    }
  } finally {
    await client.end();
  }
  if (differing.length)
    throw new Error(
      `PostGraphile serves other rows than the raw-SQL floor for ${differing.length} of ${workers.length} workers: ${differing.slice(0, 5).join('; ')}`,
    );
}

/**
 * Installs PostGraphile if needed, enables the given policy, starts PostGraphile, checks its rows for every worker,
 * hands it to `work` with W1's workload, and afterwards stops it and removes the policy again.
 */
export async function withPostGraphile(
  databaseUrl: string,
  workers: WorkerLogin[],
  policy: RlsPolicy,
  log: (line: string) => void,
  work: (server: ApiProcess, workload: Workload) => Promise<void>,
): Promise<void> {
  install(log);
  await enableRowLevelSecurity(databaseUrl, policy);
  try {
    const tokens = await tokensFor(workers);
    const server = await startPostGraphile(databaseUrl);
    try {
      await verifySameRows(server, databaseUrl, workers, tokens);
      log(`${POSTGRAPHILE_SETTINGS[policy]}: the floor's rows for all ${workers.length} workers`);
      await work(server, residentsWorkload(tokens));
    } finally {
      await server.stop();
    }
  } finally {
    await disableRowLevelSecurity(databaseUrl);
  }
}
