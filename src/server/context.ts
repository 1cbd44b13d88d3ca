import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { TokenService } from '../auth/tokens';
import type { Config } from '../config/config';
import { Loaders } from '../db/loaders';
import { startCounting } from '../db/sql-counter';
import { AccessRecorder } from '../audit/access-recorder';
import type { AuditedRequest } from '../audit/audit.plugin';
import { Disclosure } from '../policy/disclosure';
import { Policy } from '../policy/policy';
import { unauthenticated } from '../common/errors';

/** Everything one GraphQL request carries: its own EntityManager, policy, loaders and disclosure record. */
export interface RequestContext {
  requestId: string;
  em: EntityManager;
  policy: Policy | null;
  loaders: Loaders;
  disclosure: Disclosure;
  /** The request's sensitive reads and refusals, written to the access log once, before the response. */
  audit: AccessRecorder;
  /** Who is asking, as the access log names them; null before login. */
  actor: AuditedRequest['actor'];
  /** The stated purpose of a partner department's request (X-Access-Purpose). */
  purpose: string | null;
  clientAddress: string | null;
  tokens: TokenService;
  countSql: boolean;
  /** The validated settings the server started with. */
  config: Config;
}

export interface ContextDeps {
  orm: MikroORM;
  tokens: TokenService;
  config: Config;
  /** Count SQL statements per request and report them in `extensions.sqlStatements` (tests, benchmarks). */
  countSql: boolean;
}

export interface RequestMeta {
  headers: IncomingHttpHeaders;
  clientAddress: string | null;
}

/** Builds the context of one request; an invalid token is refused here, before any resolver runs. */
export async function createContext(deps: ContextDeps, meta: RequestMeta): Promise<RequestContext> {
  const requestId = randomUUID();
  if (deps.countSql) startCounting(requestId);
  const em = deps.orm.em.fork({ loggerContext: { requestId } }) as EntityManager;
  const purpose = headerValue(meta.headers['x-access-purpose']);
  const policy = await authenticate(deps, em, meta.headers.authorization, purpose);
  return {
    requestId,
    em,
    policy,
    loaders: policy ? new Loaders(em, policy) : unauthenticatedLoaders(),
    disclosure: new Disclosure(),
    audit: new AccessRecorder(),
    actor: policy
      ? { userId: policy.principal.userId, role: policy.principal.role, departmentId: policy.principal.departmentId }
      : null,
    purpose,
    clientAddress: meta.clientAddress,
    tokens: deps.tokens,
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

/** Unauthenticated requests reach only login and health; anything else is refused by the field guard. */
function unauthenticatedLoaders(): Loaders {
  return new Proxy({} as Loaders, {
    get() {
      throw unauthenticated();
    },
  });
}
