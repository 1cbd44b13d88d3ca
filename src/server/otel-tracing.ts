import type { GraphQLResponse } from '@apollo/server';
import { Span, SpanKind, SpanStatusCode, trace, ROOT_CONTEXT } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { observeStatements } from '../db/sql-counter';
import type { RequestContext } from './context';
import type { Tracing } from './tracing';

/** Long statements (a batch's values list) are cut: the shape is what a trace needs. */
const STATEMENT_TEXT_LIMIT = 2000;

/** The OTLP endpoint as the standard variable gives it: the signal's path is added to it. */
function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * One span per GraphQL request (operation name and type, HTTP status, error codes, SQL statement count) and
 * a child span per SQL statement (its text with placeholders, never the values). Nothing else goes into a
 * span: no variables, results, tokens or error messages, which may quote personal values.
 */
export function startTracing(endpoint: string, serviceName: string): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(endpoint) }))],
  });
  const tracer = provider.getTracer('grid-governance-api');
  const open = new Map<string, Span>();
  const stopObserving = observeStatements((requestId, text, tookMs, failed) => {
    const parent = open.get(requestId);
    if (!parent) return;
    const ended = Date.now();
    const span = tracer.startSpan(
      text === null ? 'SQL' : (/^\s*(\w+)/.exec(text)?.[1] ?? 'SQL').toUpperCase(),
      {
        kind: SpanKind.CLIENT,
        startTime: ended - tookMs,
        attributes: {
          'db.system.name': 'postgresql',
          ...(text === null ? {} : { 'db.query.text': text.slice(0, STATEMENT_TEXT_LIMIT) }),
        },
      },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(ended);
  });
  return {
    plugin: {
      async requestDidStart({ contextValue }) {
        open.set(contextValue.requestId, tracer.startSpan('graphql.request', { kind: SpanKind.SERVER }));
        return {
          async didResolveOperation({ operationName, operation }) {
            const span = open.get(contextValue.requestId);
            if (!span || !operation) return;
            span.updateName(`${operation.operation} ${operationName ?? 'anonymous'}`);
            span.setAttributes({
              'graphql.operation.type': operation.operation,
              ...(operationName ? { 'graphql.operation.name': operationName } : {}),
            });
          },
          // The response plugin observes single answers only; an incremental one ends its span here.
          async willSendResponse({ response }) {
            if (response.body.kind === 'single') return;
            open.get(contextValue.requestId)?.end();
            open.delete(contextValue.requestId);
          },
        };
      },
    },
    observe(context: RequestContext, response: GraphQLResponse, operationName: string | null, statements: number) {
      const span = open.get(context.requestId);
      if (!span) return;
      open.delete(context.requestId);
      const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
      const codes = [...new Set(errors.map((error) => String(error.extensions?.code ?? 'UNKNOWN')))];
      span.setAttributes({
        'http.response.status_code': response.http.status ?? 200,
        'graphql.sql_statements': statements,
        'graphql.error.codes': codes,
        ...(operationName ? { 'graphql.operation.name': operationName } : {}),
      });
      if (codes.length > 0) span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(',') });
      span.end();
    },
    async shutdown() {
      stopObserving();
      for (const span of open.values()) span.end();
      open.clear();
      await provider.shutdown();
    },
  };
}
