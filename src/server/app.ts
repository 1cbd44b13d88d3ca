import http from 'node:http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config/config';
import { createTokenService } from '../auth/tokens';
import { accessLogExport } from '../modules/access-log/access-log-export';
import { createContext, RequestContext } from './context';
import { formatError } from './format-error';
import { responsePlugin } from './plugins';
import { createSchema } from './schema';
import { mountHealth } from './health';

export interface App {
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
  url: string;
  stop(): Promise<void>;
}

/** Builds the HTTP server: /graphql for the API, /health for probes. */
export async function startApp(config: Config, orm: MikroORM): Promise<App> {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<RequestContext>({
    schema: await createSchema({ fieldGuard: config.BENCH_POLICY === 'on' }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.SHUTDOWN_GRACE_MS }),
      responsePlugin({ auditWaitMs: config.AUDIT_WAIT_MS, accessLog: config.BENCH_ACCESS_LOG === 'on' }),
    ],
    formatError: formatError(config.NODE_ENV === 'development'),
    includeStacktraceInErrorResponses: config.NODE_ENV === 'development',
    introspection: true,
  });
  await apollo.start();
  const tokens = createTokenService(config);

  const health = mountHealth(app, orm, config);
  app.get('/exports/access-logs', accessLogExport({ orm, tokens, config }));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: ({ req }) =>
        createContext(
          {
            orm,
            tokens,
            config,
            countSql: config.SQL_COUNT === 'on' || config.BENCH_MODE === 'on',
            enforcePolicy: config.BENCH_POLICY === 'on',
          },
          { headers: req.headers, clientAddress: req.socket.remoteAddress ?? null },
        ),
    }),
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
      await apollo.stop();
      await health.close();
    },
  };
}
