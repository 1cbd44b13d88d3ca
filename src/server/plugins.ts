import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { commitAccessLog, recordDenials } from '../audit/audit.plugin';
import { stopCounting } from '../db/sql-counter';
import type { RequestContext } from './context';
import type { Metrics } from './metrics';
import type { RequestLog } from './request-log';
import type { Tracing } from './tracing';
import { collectWholeAnswers, spliceWholeAnswers } from './whole-answers';

export interface ResponseOptions {
  auditWaitMs: number;
  metrics?: Metrics;
  requestLog?: RequestLog;
  tracing?: Tracing;
}

/** A request that got nothing because the database is out answers 503 with Retry-After, as the code says. */
function answerOutage(response: GraphQLResponse): void {
  if (response.body.kind !== 'single' || response.body.singleResult.data) return;
  const outage = response.body.singleResult.errors?.find((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
  if (!outage) return;
  response.http.status = 503;
  response.http.headers.set('retry-after', String(outage.extensions?.retryAfter ?? 5));
}

function auditFailed(result: { data?: unknown; errors?: readonly { extensions?: Record<string, unknown> }[] }) {
  return !result.data && !!result.errors?.some((e) => e.extensions?.code === 'AUDIT_UNAVAILABLE');
}

/**
 * The last steps of every request, in order: refusals are noted, the access log is committed (or the
 * response emptied if it cannot be), then the policy's decisions are added to the response: one
 * FORBIDDEN error per withheld field and the masked paths under `extensions.masked`.
 */
export function responsePlugin(options: ResponseOptions): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      collectWholeAnswers(contextValue);
      return {
        async didEncounterErrors({ contextValue, errors }) {
          recordDenials(contextValue, errors);
        },
        async willSendResponse({ contextValue, response, operationName }) {
          if (response.body.kind !== 'single') {
            spliceWholeAnswers(contextValue, response.body.initialResult.data);
            return;
          }
          const answeredWhole = spliceWholeAnswers(contextValue, response.body.singleResult.data);
          const appending = !contextValue.audit.isEmpty;
          const appendStarted = performance.now();
          await commitAccessLog(contextValue, response, operationName ?? null, options.auditWaitMs);
          const result = response.body.singleResult;
          if (appending)
            options.metrics?.accessLogAppend((performance.now() - appendStarted) / 1000, auditFailed(result));
          answerOutage(response);
          if (result.data !== null || !result.errors?.some((e) => e.extensions?.code === 'AUDIT_UNAVAILABLE')) {
            const hidden = contextValue.disclosure.errors();
            if (hidden.length > 0) result.errors = [...(result.errors ?? []), ...hidden.map((error) => error.toJSON())];
            const masked = contextValue.disclosure.masked;
            if (masked.length > 0) result.extensions = { ...result.extensions, masked };
          }
          const statements = stopCounting(contextValue.requestId);
          if (contextValue.countSql) {
            result.extensions = {
              ...result.extensions,
              sqlStatements: statements,
              accessLogEntries: contextValue.audit.list().length,
              ...(answeredWhole.length > 0 ? { answeredWhole } : {}),
            };
          }
          options.requestLog?.observe(contextValue, response, operationName ?? null, statements);
          options.tracing?.observe(contextValue, response, operationName ?? null, statements);
        },
      };
    },
  };
}
