import 'reflect-metadata';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../../src/config/config';
import { openOrm } from '../../src/server/orm';
import { startApp } from '../../src/server/app';
import { createTokenService } from '../../src/auth/tokens';
import { createTestDatabase } from './test-database';
import { createLogger, type Logger } from '../../src/common/logger';

export const DEMO_PASSWORD = 'demo-password';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { sqlStatements?: number; masked?: string[]; [key: string]: unknown };
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
}

/** A running API on its own copy of the demo database, spoken to over real HTTP. */
export interface TestApi {
  url: string;
  orm: MikroORM;
  databaseUrl: string;
  request<T, V>(
    document: TypedDocumentNode<T, V>,
    variables?: V,
    options?: RequestOptions,
  ): Promise<GraphQLResponse<T>>;
  raw(body: unknown, options?: RequestOptions): Promise<{ status: number; body: unknown }>;
  login(username: string, password?: string): Promise<string>;
  /** A token for a user signed by this server, as the token command would mint it (production refuses demo logins). */
  tokenFor(username: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  /** Serve an existing test database (a second server process on the same data) instead of a fresh copy. */
  shareDatabaseOf?: TestApi;
  /** Serve this database (one on a server of the test's own) instead of a fresh copy of the template. */
  database?: { url: string; drop(): Promise<void> };
  /** Where the server's request lines go; none are written unless a test asks (or LOG_LEVEL is set). */
  logger?: Logger;
}

export async function startTestApi(env: Record<string, string> = {}, options: TestApiOptions = {}): Promise<TestApi> {
  const shared = options.shareDatabaseOf;
  const database =
    options.database ??
    (shared ? { url: shared.databaseUrl, drop: async () => undefined } : await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    SQL_COUNT: 'on',
    SEED_SCALE: 'none',
    DATABASE_URL: database.url,
    ...env,
  });
  const orm = await openOrm(database.url, { debug: ['query'] }, config);
  const app = await startApp(config, orm, {
    logger: options.logger ?? createLogger(undefined, process.env.LOG_LEVEL ?? 'silent'),
  });
  const tokens = new Map<string, string>();

  const raw = async (body: unknown, options: RequestOptions = {}) => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  const api: TestApi = {
    url: app.url,
    orm,
    databaseUrl: database.url,
    raw,
    async request(document, variables, options) {
      const { status, body } = await raw({ query: print(document), variables }, options);
      return { status, ...(body as object) };
    },
    async tokenFor(username) {
      const [user] = await orm.em
        .getConnection()
        .execute<{ id: number }[]>('select id from app_user where username = ?', [username]);
      if (!user) throw new Error(`no user ${username}`);
      return createTokenService(config).sign(user.id);
    },
    async login(username, password = DEMO_PASSWORD) {
      const cached = tokens.get(username);
      if (cached && password === DEMO_PASSWORD) return cached;
      const { body } = await raw({
        query: 'mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
        variables: { u: username, p: password },
      });
      const token = (body as { data?: { login?: { token?: string } } }).data?.login?.token;
      if (!token) throw new Error(`login of ${username} failed: ${JSON.stringify(body)}`);
      tokens.set(username, token);
      return token;
    },
    async close() {
      await app.stop();
      await orm.close();
      await database.drop();
    },
  };
  return api;
}
