import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { LoginGuard } from '../auth/login-guard';
import type { TokenService } from '../auth/tokens';
import type { Config } from '../config/config';
import { Loaders } from '../db/loaders';
import { startCounting, stopCounting } from '../db/sql-counter';
import { AccessRecorder } from '../audit/access-recorder';
import { Disclosure } from '../policy/disclosure';
import { Policy } from '../policy/policy';
import { enforceRowPolicy } from '../policy/row-filter';
import { unauthenticated } from '../common/errors';
import type { RequestContext, RequestMeta } from '../modules/request-context';

export type { RequestContext, RequestMeta };

export interface ContextDeps {
  orm: MikroORM;
  /** Reads from the read replicas (DATABASE_REPLICA_URLS), writes and hand-written SQL on the primary. */
  replicaOrm?: MikroORM;
  tokens: TokenService;
  loginGuard: LoginGuard;
  config: Config;
  /** Count SQL statements per request and report them in `extensions.sqlStatements` (tests, benchmarks). */
  countSql: boolean;
}

/** Builds the context of one request; an invalid token is refused here, before any resolver runs. */
export async function createContext(deps: ContextDeps, meta: RequestMeta): Promise<RequestContext> {
  const requestId = meta.requestId ?? randomUUID();
  // A GraphQL request (named on arrival by the request log) has its statements counted for its log line;
  // the response plugin ends the count.
  const counted = deps.countSql || meta.requestId !== undefined;
  if (counted) startCounting(requestId);
  // A query's entity reads may lag the primary by the replica's delay (README, "Read replicas"); the
  // principal, the access log and every command use the primary (hand-written SQL always runs there).
  const orm = meta.readOnly && deps.replicaOrm ? deps.replicaOrm : deps.orm;
  const em = orm.em.fork({ loggerContext: { requestId } }) as EntityManager;
  const purpose = headerValue(meta.headers['x-access-purpose']);
  const policy = await authenticate(deps, em, meta.headers.authorization, purpose).catch((error: unknown) => {
    if (counted) stopCounting(requestId);
    throw error;
  });
  enforceRowPolicy(em, policy);
  return {
    requestId,
    em,
    policy: policy ?? refusedWithoutToken<Policy>(),
    authenticated: policy !== null,
    loaders: policy ? new Loaders(em) : refusedWithoutToken<Loaders>(),
    disclosure: new Disclosure(),
    audit: new AccessRecorder(),
    actor: policy
      ? { userId: policy.principal.userId, role: policy.principal.role, departmentId: policy.principal.departmentId }
      : null,
    purpose,
    clientAddress: meta.clientAddress,
    tokens: deps.tokens,
    loginGuard: deps.loginGuard,
    countSql: deps.countSql,
    config: deps.config,
  } satisfies RequestContext;
}

async function authenticate(
  deps: ContextDeps,
  em: EntityManager,
  authorization: string | undefined,
  purpose: string | null,
): Promise<Policy | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw withStatus(unauthenticated('The Authorization header must be "Bearer <token>"'));
  let userId: number;
  try {
    userId = (await deps.tokens.verify(match[1])).userId;
  } catch {
    throw withStatus(unauthenticated('The bearer token is invalid or expired'));
  }
  const policy = await Policy.forUser(em, userId, purpose);
  if (!policy) throw withStatus(unauthenticated('The token names no active user'));
  return policy;
}

function withStatus<E extends { extensions: Record<string, unknown> }>(error: E): E {
  Object.assign(error.extensions, { http: { status: 401 } });
  return error;
}

function headerValue(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text && text.trim() ? text.trim() : null;
}

/** Unauthenticated requests reach only login and health; anything else is refused as UNAUTHENTICATED. */
function refusedWithoutToken<T extends object>(): T {
  return new Proxy({} as T, {
    get() {
      throw unauthenticated();
    },
  });
}
