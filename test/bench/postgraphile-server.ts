import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { GRID_PATHS_SETTING, POSTGRAPHILE_AUDIENCE, POSTGRAPHILE_ISSUER, POSTGRAPHILE_ROLE } from './postgraphile-rls';

/**
 * PostGraphile 4 over the benchmark's database, for W1's comparison: its own process (CPU from /proc), on
 * node:http, in production mode. PostGraphile needs graphql 15 and the API graphql 16, so it lives in a
 * package of its own (test/bench/postgraphile) and is loaded from there, never from the project's modules.
 *
 * Each request carries a bearer token signed by the benchmark with the grid worker's paths as a claim; it is
 * verified here (signature, issuer, audience, expiry) and its paths handed to PostgreSQL as a setting for the
 * row-level security policy, under the role PostGraphile switches to.
 *
 *   DATABASE_URL, PORT, POSTGRAPHILE_JWT_SECRET; prints "PostGraphile ready at" when it listens.
 */
const packageDir = path.resolve(__dirname, '../../../test/bench/postgraphile');
const load = createRequire(path.join(packageDir, 'package.json'));

type Middleware = http.RequestListener;
interface PostGraphileModule {
  postgraphile(pool: unknown, schema: string, options: Record<string, unknown>): Middleware;
}
interface JsonWebToken {
  verify(token: string, secret: string, options: Record<string, unknown>): { grid_paths?: unknown; exp?: number };
}
interface PgModule {
  Pool: new (options: Record<string, unknown>) => unknown;
}

const { postgraphile } = load('postgraphile') as PostGraphileModule;
const jwt = load('jsonwebtoken') as JsonWebToken;
const { Pool } = load('pg') as PgModule;

const secret = process.env.POSTGRAPHILE_JWT_SECRET ?? '';
/** As the API does, a token's signature is checked once and its expiry on every use. */
const verified = new Map<string, { paths: string; expiresAt: number }>();

function gridPathsOf(request: http.IncomingMessage): string {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (!token) throw new Error('no bearer token');
  const known = verified.get(token);
  if (known && known.expiresAt > Date.now()) return known.paths;
  const claims = jwt.verify(token, secret, {
    algorithms: ['HS256'],
    issuer: POSTGRAPHILE_ISSUER,
    audience: POSTGRAPHILE_AUDIENCE,
  });
  if (!Array.isArray(claims.grid_paths) || claims.grid_paths.some((p) => typeof p !== 'string' || p.includes(',')))
    throw new Error('the token names no grid paths');
  const paths = claims.grid_paths.join(',');
  verified.set(token, { paths, expiresAt: (claims.exp ?? 0) * 1000 });
  return paths;
}

function main(): void {
  if (!secret) throw new Error('POSTGRAPHILE_JWT_SECRET is not set');
  // As many connections as the API's pool (DB_POOL_MAX default).
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 40 });
  const graphql = postgraphile(pool, 'public', {
    pgSettings: (request: http.IncomingMessage) => ({
      role: POSTGRAPHILE_ROLE,
      [GRID_PATHS_SETTING]: gridPathsOf(request),
    }),
    disableDefaultMutations: true,
    ignoreRBAC: false,
    graphiql: false,
    watchPg: false,
    retryOnInitFail: false,
    disableQueryLog: true,
    setofFunctionsContainNulls: false,
  });
  const server = http.createServer((request, response) => {
    if (request.url === '/health/live') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    graphql(request, response);
  });
  const port = Number(process.env.PORT);
  server.listen(port, '127.0.0.1', () => console.log(`PostGraphile ready at http://127.0.0.1:${port}/graphql`));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

if (require.main === module) main();
