import { randomUUID } from 'node:crypto';
import type express from 'express';
import type { GraphQLResponse } from '@apollo/server';
import type { Logger } from '../common/logger';
import type { RequestContext } from './context';
import type { Metrics } from './metrics';

/** What the response plugin learnt of a GraphQL request, read back when its HTTP answer is finished. */
export interface GraphQLObservation {
  operation: string | null;
  sqlStatements: number;
  accessLogEntries: number;
  errorCodes: string[];
  refusals: { code: string; rule: string }[];
  userId: number | null;
  post: string | null;
}

export interface RequestLog {
  /** Names each request (res.locals.requestId) and logs one line when its answer has been sent. */
  middleware: express.RequestHandler;
  /** Called by the response plugin once the answer is final (after the access log and the policy's errors). */
  observe(context: RequestContext, response: GraphQLResponse, operationName: string | null, statements: number): void;
}

/** An id a caller or load balancer sent is kept for correlation only if it looks like an id. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const REFUSAL_CODES = new Set(['FORBIDDEN', 'PURPOSE_REQUIRED']);

/**
 * One JSON line per request: ids, operation name, who asked (user id and post), status, duration, SQL
 * statements, error codes. Never variables, results, or error messages (they may quote personal values).
 * The request id is the server's own (it keys the access log); a valid `X-Request-Id` is logged beside it as
 * `correlationId` and echoed back, so a caller's chosen id can never collide with or forge an access-log key.
 */
export function requestLog(logger: Logger, metrics: Metrics): RequestLog {
  const observations = new Map<string, GraphQLObservation>();
  const middleware: express.RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const sent = req.headers['x-request-id'];
    const correlationId = typeof sent === 'string' && CORRELATION_ID.test(sent) ? sent : undefined;
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', correlationId ?? requestId);
    res.once('close', () => {
      const seen = observations.get(requestId);
      observations.delete(requestId);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (seen) metrics.request({ ...seen, operation: seen.operation ?? 'anonymous', seconds });
      else if (res.statusCode >= 400) metrics.refusedEarly(res.statusCode);
      logger.info(
        {
          requestId,
          correlationId,
          path: req.path,
          status: res.statusCode,
          durationMs: Math.round(seconds * 10000) / 10,
          ...(seen ?? {}),
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      );
    });
    next();
  };
  return {
    middleware,
    observe(context, response, operationName, statements) {
      const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
      const codes = errors.map((error) => String(error.extensions?.code ?? 'UNKNOWN'));
      observations.set(context.requestId, {
        operation: operationName,
        sqlStatements: statements,
        accessLogEntries: context.audit.list().length,
        errorCodes: codes,
        refusals: errors
          .filter((error) => REFUSAL_CODES.has(String(error.extensions?.code)))
          .map((error) => ({
            code: String(error.extensions?.code),
            rule: String(error.extensions?.rule ?? 'unnamed'),
          })),
        userId: context.actor?.userId ?? null,
        post: context.actor?.role ?? null,
      });
    },
  };
}
