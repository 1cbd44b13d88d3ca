import type { IncomingHttpHeaders } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { LoginGuard } from '../auth/login-guard';
import type { TokenService } from '../auth/tokens';
import type { AccessRecorder } from '../audit/access-recorder';
import type { AuditedRequest } from '../audit/audit.plugin';
import type { Config } from '../config/config';
import type { Loaders } from '../db/loaders';
import type { Disclosure } from '../policy/disclosure';
import type { Policy } from '../policy/policy';

/*
 * What a feature module may rely on in every request. The server builds it (src/server/context.ts); the
 * modules only read it, so the dependency runs from the server down to the modules, never back.
 */

/** Everything one GraphQL request carries: its own EntityManager, policy, loaders and disclosure record. */
export interface RequestContext {
  requestId: string;
  em: EntityManager;
  /** The caller's policy; in a request without a token any use of it answers UNAUTHENTICATED. */
  policy: Policy;
  authenticated: boolean;
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
  /** Login throttling and lockout, shared by the server's requests (and instances, with Redis). */
  loginGuard: LoginGuard;
  countSql: boolean;
  /** The validated settings the server started with. */
  config: Config;
}

/** Where a request came from, for building its context. */
export interface RequestMeta {
  headers: IncomingHttpHeaders;
  clientAddress: string | null;
  /** The id the server gave the request on arrival (its log line and access-log entries carry it). */
  requestId?: string;
  /** The operation is a query: its reads may be served by a read replica. */
  readOnly?: boolean;
}

/** Builds a request's context the way GraphQL requests get theirs (for routes outside GraphQL). */
export type ContextFactory = (meta: RequestMeta) => Promise<RequestContext>;
