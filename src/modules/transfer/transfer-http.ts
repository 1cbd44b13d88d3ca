import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import { AccessOutcome, type AccessAction } from '../../audit/access-log.enums';
import type { AccessEntry } from '../../audit/access-recorder';
import { appendAccessEntries } from '../../audit/access-log.writer';
import { stopCounting } from '../../db/sql-counter';
import type { ContextFactory, RequestContext } from '../request-context';

/*
 * The HTTP side of the spreadsheet routes: the caller's context as GraphQL builds it, refusals in the
 * shape of GraphQL errors, and access-log entries appended before an answer leaves.
 */

export interface RouteDeps {
  /** The same bearer-token check, principal, policy and row policy as a GraphQL request. */
  createContext: ContextFactory;
}

export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly argumentName?: string,
  ) {
    super(message);
  }
}

export type Step<D extends RouteDeps> = (deps: D, ctx: RequestContext, req: Request, res: Response) => Promise<void>;

export function handle<D extends RouteDeps>(deps: D, step: Step<D>): RequestHandler {
  return async (req, res) => {
    try {
      await step(deps, await authenticate(deps, req, res), req, res);
    } catch (error) {
      answerError(res, error);
    } finally {
      // A context built under the request log's id counts its statements, as a GraphQL request's does.
      stopCounting(String(res.locals.requestId));
    }
  };
}

function answerError(res: Response, error: unknown): void {
  if (error instanceof Refusal) return refuse(res, error);
  if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT') {
    const name = String(error.extensions.argumentName ?? '');
    return refuse(res, new Refusal(400, 'BAD_USER_INPUT', error.message, name || undefined));
  }
  console.error(`spreadsheet request failed: ${error instanceof Error ? error.message : String(error)}`);
  refuse(res, new Refusal(500, 'INTERNAL_SERVER_ERROR', 'The spreadsheet could not be handled'));
}

export function parameter(req: Request, name: string, required: boolean): string | undefined {
  const value = req.query[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new Refusal(400, 'BAD_USER_INPUT', `${name}: must be given once`, name);
  return value;
}

export function sendFile(res: Response, bytes: Buffer, type: string, filename: string): void {
  res
    .status(200)
    .set({
      'content-type': type,
      'content-disposition': `attachment; filename="${filename}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    })
    .send(bytes);
}

export function denied(action: AccessAction, entityType: string, rule: string): AccessEntry {
  return {
    action,
    entityType,
    entityId: null,
    fields: ['*'],
    outcome: AccessOutcome.DENIED,
    basis: 'ROLE_SCOPE',
    rule,
  };
}

export function log(ctx: RequestContext, operationName: string, ...entries: AccessEntry[]): Promise<void> {
  const principal = ctx.policy.principal;
  const actor = {
    requestId: ctx.requestId,
    operationName,
    userId: principal.userId,
    role: principal.role,
    departmentId: principal.departmentId,
    clientAddress: ctx.clientAddress,
    purpose: ctx.purpose,
  };
  return appendAccessEntries(ctx.em, actor, entries, ctx.config.AUDIT_WAIT_MS);
}

async function authenticate(deps: RouteDeps, req: Request, res: Response): Promise<RequestContext> {
  let ctx: RequestContext;
  try {
    // The request log's id, so the access-log entries of an export are found by the id its answer carries.
    const requestId = typeof res.locals.requestId === 'string' ? res.locals.requestId : undefined;
    ctx = await deps.createContext({
      headers: req.headers,
      clientAddress: req.socket.remoteAddress ?? null,
      requestId,
    });
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED')
      throw new Refusal(401, 'UNAUTHENTICATED', error.message);
    throw error;
  }
  if (!ctx.authenticated) throw new Refusal(401, 'UNAUTHENTICATED', 'A valid bearer token is required');
  return ctx;
}

export function tooLarge(maxBytes: number): ErrorRequestHandler {
  return (error: { type?: string }, _req, res, next) => {
    if (error?.type !== 'entity.too.large') return next(error);
    refuse(res, new Refusal(413, 'BAD_USER_INPUT', `file: at most ${maxBytes} bytes`, 'file'));
  };
}

function refuse(res: Response, refusal: Refusal): void {
  const extensions = { code: refusal.code, ...(refusal.argumentName ? { argumentName: refusal.argumentName } : {}) };
  res.status(refusal.status).json({ errors: [{ message: refusal.message, extensions }] });
}
