import cluster from 'node:cluster';
import http from 'node:http';
import express from 'express';
import type { Config } from '../config/config';
import { metricsHandler, type Metrics } from './metrics';

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/**
 * Where /metrics is served. With METRICS_PORT: on its own listener at METRICS_HOST (default 127.0.0.1,
 * reachable by a Prometheus beside the instance, never through the public load balancer). Without it: on
 * the API port, behind METRICS_TOKEN when one is set; in production the API port serves no metrics without
 * a token. A cluster's workers leave METRICS_PORT to the primary, which serves all workers' series together.
 */
export async function mountMetrics(
  app: express.Express,
  metrics: Metrics,
  config: Config,
): Promise<MetricsListener | undefined> {
  const contentType = metrics.registry.contentType;
  const source = () => metrics.registry.metrics();
  if (config.METRICS_PORT !== undefined) {
    return cluster.isWorker ? undefined : startMetricsListener(config, source, contentType);
  }
  if (config.NODE_ENV === 'production' && !config.METRICS_TOKEN) return undefined;
  app.get('/metrics', metricsHandler(source, contentType, config.METRICS_TOKEN));
  return undefined;
}

/** A listener that answers GET /metrics and nothing else. */
export async function startMetricsListener(
  config: Config,
  source: () => Promise<string>,
  contentType: string,
): Promise<MetricsListener> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(source, contentType, config.METRICS_TOKEN));
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.METRICS_PORT, config.METRICS_HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.METRICS_PORT;
  return {
    url: `http://${config.METRICS_HOST}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
