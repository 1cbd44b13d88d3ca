import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import type { Config } from '../config/config';
import type { RequestContext } from './context';

/** Traces of GraphQL requests, exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
export interface Tracing {
  /** Opens a request's span and names its operation once it is resolved. */
  plugin: ApolloServerPlugin<RequestContext>;
  /** Called by the response plugin once the answer is final: closes the request's span. */
  observe(context: RequestContext, response: GraphQLResponse, operationName: string | null, statements: number): void;
  /** Sends what is still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * The tracing of this process, or none. The OpenTelemetry packages are loaded only when an endpoint is set,
 * so a server without one neither loads nor runs any of it.
 */
export async function openTracing(config: Config): Promise<Tracing | undefined> {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const { startTracing } = await import('./otel-tracing');
  return startTracing(config.OTEL_EXPORTER_OTLP_ENDPOINT, config.OTEL_SERVICE_NAME);
}
