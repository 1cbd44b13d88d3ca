import http from 'node:http';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config/config';
import { createTokenService } from '../auth/tokens';
import { accessLogExport } from '../modules/access-log/access-log-export';
import { ContextDeps, createContext, RequestContext, RequestMeta } from './context';
import { formatError } from './format-error';
import { responsePlugin } from './plugins';
import { bodyErrors } from './body-errors';
import { inputErrorsPlugin } from './input-errors';
import { limitsOf, queryLimits } from './query-limits';
import { openRateLimits } from './rate-limits';
import { applyHttpSecurity } from './http-security';
import { createSchema } from './schema';
import { createHealth } from './health';
import { useCursorSecret } from '../common/cursor';
import { openReplicaOrm } from './orm';
import { mountExplorer } from './explorer';
import { trustedDocuments } from './trusted-documents';
import { loadShedding, sheddingOf } from './load-shedding';
import { mountLive } from './live-server';
import { openEventBus } from '../modules/live/open-bus';
import { onCaseChange, useEventBus } from '../modules/live/event-bus';
import { SlaScheduler } from '../modules/live/sla-scheduler';
import { caseFollowUps } from '../modules/live/case-follow-ups';
import { attachmentRoutes } from '../modules/attachment/attachment-routes';
import { localStorage } from '../modules/attachment/attachment-storage';
import { transferRoutes } from '../modules/transfer/transfer-routes';
import { importsSettled } from '../modules/transfer/resident-import.service';
import { createMetrics, Metrics } from './metrics';
import { mountMetrics } from './metrics-listener';
import { requestLog, RequestLog } from './request-log';
import { openTracing, type Tracing } from './tracing';
import { logger as processLogger, type Logger } from '../common/logger';

export interface App {
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
  url: string;
  stop(): Promise<void>;
}

/**
 * The building blocks a caller may replace. The production server (src/main.ts) never does; only code
 * outside src (the benchmark) composes a server of its own from them, so no setting can switch the
 * policy or the access log off.
 */
export interface AppParts {
  schema: GraphQLSchema;
  context: (deps: ContextDeps, meta: RequestMeta) => Promise<RequestContext>;
  /** Where the request lines go (a test reads them); the process's stdout log otherwise. */
  logger: Logger;
}

interface Observability {
  metrics: Metrics;
  requestLog: RequestLog;
  tracing?: Tracing;
}

function createApollo(
  config: Config,
  schema: GraphQLSchema,
  httpServer: http.Server,
  observability: Observability,
): ApolloServer<RequestContext> {
  const plugins: ApolloServerPlugin<RequestContext>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.SHUTDOWN_GRACE_MS }),
    ...(observability.tracing ? [observability.tracing.plugin] : []),
    inputErrorsPlugin(),
    responsePlugin({ auditWaitMs: config.AUDIT_WAIT_MS, ...observability }),
    // Apollo's landing pages load from the internet; the explorer is this server's own (./explorer.ts).
    ApolloServerPluginLandingPageDisabled(),
    // No answer is cached by HTTP caches (each is the caller's own); Apollo's cache-control plugin would
    // otherwise be installed by default and wrap every field's resolver to compute cache hints.
    ApolloServerPluginCacheControlDisabled(),
  ];
  return new ApolloServer<RequestContext>({
    schema,
    plugins,
    formatError: formatError(config.NODE_ENV === 'development'),
    includeStacktraceInErrorResponses: config.NODE_ENV === 'development',
    introspection: config.GRAPHQL_INTROSPECTION === 'on',
    hideSchemaDetailsFromClientErrors: config.GRAPHQL_SUGGESTIONS === 'off',
    csrfPrevention: true,
    // The process's own signal handlers (src/main.ts, src/server/cluster.ts) stop Apollo in its turn; Apollo's
    // (installed outside NODE_ENV=test) would stop it a second time and leave SIGTERM's drain waiting forever.
    stopOnTerminationSignals: false,
  });
}

/** Builds the HTTP server: /graphql for the API, /health for probes, /metrics for Prometheus. */
export async function startApp(config: Config, orm: MikroORM, parts: Partial<AppParts> = {}): Promise<App> {
  const app = express();
  // Answers are per caller and never revalidated: hashing every body for an ETag is work for nothing.
  app.set('etag', false);
  applyHttpSecurity(app, config);
  useCursorSecret(config.CURSOR_SECRET ?? config.jwtSecret);
  // Health is answered before express: a probe never waits behind middleware or queued work.
  const health = createHealth(orm, config);
  const httpServer = http.createServer(health.listener(app));
  const schema = parts.schema ?? (await createSchema());
  const metrics = createMetrics(orm);
  const requests = requestLog(parts.logger ?? processLogger, metrics);
  const tracing = await openTracing(config);
  const apollo = createApollo(config, schema, httpServer, { metrics, requestLog: requests, tracing });
  await apollo.start();
  const tokens = createTokenService(config);
  const buildContext = parts.context ?? createContext;
  const limits = await openRateLimits(config, tokens);
  const loginGuard = limits.loginGuard;

  const databaseUrl = orm.config.get('clientUrl')!;
  const events = await openEventBus(config, databaseUrl);
  const stopPublishing = useEventBus(events.bus, events.hub);
  const scheduler = await SlaScheduler.start(orm, databaseUrl, config.SLA_WARNING_LEAD_MINUTES);
  const stopFollowUps = onCaseChange(caseFollowUps(orm, scheduler));
  const live = mountLive(httpServer, schema, { orm, tokens, loginGuard, config, countSql: false }, buildContext);
  const replicaOrm = config.DATABASE_REPLICA_URLS.length
    ? await openReplicaOrm(orm.config.get('clientUrl'), config.DATABASE_REPLICA_URLS, config)
    : undefined;
  const metricsListener = await mountMetrics(app, metrics, config);
  // Exports are never part of a benchmark: the policy is always enforced on them.
  const exportContext = { orm, tokens, loginGuard, config, countSql: false };
  if (config.GRAPHQL_EXPLORER === 'on') mountExplorer(app);
  app.get(
    '/exports/access-logs',
    requests.middleware,
    accessLogExport({ createContext: (meta) => createContext(exportContext, meta) }),
  );
  app.use(
    '/attachments',
    attachmentRoutes({
      createContext: (meta) => createContext(exportContext, meta),
      storage: localStorage(config.ATTACHMENT_DIR),
      maxBytes: config.ATTACHMENT_MAX_BYTES,
    }),
  );
  app.use(
    transferRoutes({
      requestLog: requests.middleware,
      createContext: (meta) => createContext(exportContext, meta),
      // A district's template of a few thousand rows is well under this; exports beyond it go by grid.
      maxImportBytes: 5 * 1024 * 1024,
      maxExportRows: 20_000,
    }),
  );
  const shedding = loadShedding(sheddingOf(config));
  app.use(
    '/graphql',
    requests.middleware,
    shedding.whenFull,
    express.json({ limit: config.REQUEST_BODY_LIMIT_KB * 1024 }),
    trustedDocuments(config),
    queryLimits(schema, limitsOf(config)),
    limits.operations,
    shedding.admit(
      expressMiddleware(apollo, {
        context: ({ req, res }) =>
          buildContext(
            { orm, replicaOrm, tokens, loginGuard, config, countSql: config.SQL_COUNT === 'on' },
            {
              headers: req.headers,
              clientAddress: req.socket.remoteAddress ?? null,
              requestId: String(res.locals.requestId),
              readOnly: res.locals.readOnly === true,
            },
          ),
      }),
    ),
    bodyErrors,
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, config.HOST, resolve);
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return {
    httpServer,
    apollo,
    url: `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}/graphql`,
    stop: async () => {
      health.markShuttingDown();
      // Open subscriptions are closed first: an upgraded socket would hold the listener open.
      await live.close();
      await apollo.stop();
      // A running import holds the caller's context and the pool; it ends before the pool may close.
      await importsSettled();
      stopFollowUps();
      await scheduler.stop();
      stopPublishing();
      await events.bus.close();
      await health.close();
      await metricsListener?.close();
      await limits.close();
      await replicaOrm?.close();
      await tracing?.shutdown();
    },
  };
}
