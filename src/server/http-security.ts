import type { Express } from 'express';
import cors from 'cors';
import helmet from 'helmet';
import type { Config } from '../config/config';

/**
 * Browser protections for every route: security headers (helmet's defaults: a strict content security
 * policy, nosniff, HSTS, no framing), no x-powered-by, and CORS only for the origins CORS_ORIGINS names.
 * CSRF prevention is Apollo's own (on by default, kept on in app.ts).
 */
export function applyHttpSecurity(app: Express, config: Config): void {
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(
    cors({
      origin: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : false,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'authorization', 'x-access-purpose', 'apollo-require-preflight'],
      maxAge: 600,
    }),
  );
}
