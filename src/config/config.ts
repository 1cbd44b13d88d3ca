import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * A secret so that `npm start` and the tests work out of the box. It is in the source, so anyone can sign
 * with it: it is used only in development and test, never in production.
 */
const DEVELOPMENT_SECRET = 'development-only-secret-change-me-0123456789';

/** Every setting the service reads from the environment, validated once at start-up. */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    /** Read replicas (comma-separated postgres:// URLs): queries read lists from them; see README, "Read replicas". */
    DATABASE_REPLICA_URLS: z
      .string()
      .default('')
      .transform((text) =>
        text
          .split(',')
          .map((url) => url.trim())
          .filter(Boolean),
      )
      .refine(
        (urls) => urls.every((url) => /^postgres(ql)?:\/\//.test(url)),
        'must be comma-separated postgres:// URLs',
      ),
    EMBEDDED_PG_DIR: z.string().min(1).default('.data/postgres'),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54320),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_ISSUER: z.string().min(1).default('grid-governance'),
    JWT_AUDIENCE: z.string().min(1).default('grid-governance-api'),
    JWT_TTL: z
      .string()
      .regex(/^\d+[smhd]$/, 'must look like 30m, 8h or 7d')
      .default('8h'),
    JWKS_URL: z.string().url().optional(),
    /** Signs pagination cursors; unset: derived from JWT_SECRET, or random per process when there is none. */
    CURSOR_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Unset: `demo` in development and test, `none` in production (see the refinement below). */
    SEED_SCALE: z.enum(['demo', 'district', 'none']).optional(),
    SQL_COUNT: z.enum(['on', 'off']).default('off'),
    /** Unset: on outside production, off in production. */
    GRAPHQL_INTROSPECTION: z.enum(['on', 'off']).optional(),
    /** "Did you mean …" in validation errors; unset: on outside production, off in production. */
    GRAPHQL_SUGGESTIONS: z.enum(['on', 'off']).optional(),
    /** GraphiQL at GET /graphql for browsers, served from this server's own files; unset: off in production. */
    GRAPHQL_EXPLORER: z.enum(['on', 'off']).optional(),
    /** Comma-separated origins browsers may call the API from (https://app.example.gov); unset: none. */
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((text) =>
        text
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .refine(
        (origins) => origins.every(isOrigin),
        'must be a comma-separated list of origins such as https://host:8443',
      ),
    /** Limits checked on every document before any SQL runs; over one, BAD_USER_INPUT. */
    QUERY_MAX_DEPTH: z.coerce.number().int().min(2).max(100).default(10),
    QUERY_MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(20),
    QUERY_MAX_TOKENS: z.coerce.number().int().min(100).max(100000).default(2000),
    /** One per field, times the page size (`first`) for what a page holds: a 500-row residents page is ~15,000. */
    QUERY_MAX_COST: z.coerce.number().int().min(10).default(20000),
    /** Rate limits: shared by every instance through Redis when REDIS_URL is set, else counted per process. */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    REDIS_KEY_PREFIX: z.string().min(1).max(100).default('grid-governance'),
    /** Each request spends its query cost (at least 100) from its user's and its address's points per window. */
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86400).default(60),
    RATE_LIMIT_USER_POINTS: z.coerce.number().int().min(100).default(600000),
    RATE_LIMIT_IP_POINTS: z.coerce.number().int().min(100).default(3000000),
    /** This many failed logins of one username within the lockout time lock it for that time. */
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
    LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(100000).default(100),
    LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    /** Password checks (argon2, ~a core each) running at once per process, and waiting; beyond: RATE_LIMITED. */
    LOGIN_VERIFY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    LOGIN_VERIFY_QUEUE: z.coerce.number().int().min(0).max(10000).default(32),
    /** The only operations accepted: a manifest `npm run codegen` writes (schema/trusted-documents.json); unset: any. */
    TRUSTED_DOCUMENTS: z.string().min(1).refine(isManifest, 'must be a readable JSON manifest of documents').optional(),
    /** Largest request body accepted, in kilobytes. */
    REQUEST_BODY_LIMIT_KB: z.coerce.number().int().min(1).max(10240).default(100),
    AGGREGATE_MIN_CELL: z.coerce.number().int().min(1).default(5),
    AUDIT_WAIT_MS: z.coerce.number().int().min(10).max(60000).default(3000),
    /** How long SIGTERM/SIGINT lets in-flight requests finish before their connections are closed. */
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600000).default(10000),
    /** Worker processes serving the port (node:cluster); 1: this process serves it alone. */
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(1),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
    /** /metrics asks for `Authorization: Bearer <METRICS_TOKEN>`; in production the API port serves it only then. */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** A separate listener for /metrics (all workers of a cluster together), bound to METRICS_HOST. */
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    /**
     * Waits on the database, each bounded so one stuck statement or a frozen server cannot hold the API. The
     * pool exceeds MAX_CONCURRENT_OPERATIONS plus the light operations' reserve (load-shedding.ts).
     */
    DB_POOL_MAX: z.coerce.number().int().min(2).max(500).default(40),
    DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(5000),
    DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(3000),
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3600000).default(15000),
    DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(10).max(600000).default(200),
    DB_IDLE_IN_TRANSACTION_MS: z.coerce.number().int().min(100).max(3600000).default(30000),
    /**
     * Load shedding: slots of work executing at once (an operation takes one per OPERATION_SLOT_COST of cost).
     * More requests in flight share more of each statement sent for several of them (the callers' principals,
     * the access log's appends): at 32 clients, 32 slots rather than 20 cost W1 about 8 % less CPU per request.
     */
    MAX_CONCURRENT_OPERATIONS: z.coerce.number().int().min(1).max(10000).default(32),
    OPERATION_SLOT_COST: z.coerce.number().int().min(1).default(1000),
    /** Operations that may wait for slots, and how long, before SERVICE_UNAVAILABLE. */
    MAX_QUEUED_OPERATIONS: z.coerce.number().int().min(0).max(100000).default(50),
    QUEUE_TIMEOUT_MS: z.coerce.number().int().min(10).max(60000).default(2000),
    /** What the readiness probe waits for the database before answering 503. */
    HEALTH_TIMEOUT_MS: z.coerce.number().int().min(50).max(60000).default(1000),
    ACCESS_LOG_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(180, 'must keep at least 180 days (Cybersecurity Law art. 21)')
      .default(180),
    /** Days a moved-out resident's record is kept before it is anonymised (contract §13, PIPL art. 47). */
    MOVED_OUT_RETENTION_DAYS: z.coerce.number().int().min(30, 'must keep at least 30 days').default(365),
    /** Independent hash chains of the access log: concurrent writers each extend a free one (contract §8). */
    ACCESS_LOG_CHAINS: z.coerce.number().int().min(1).max(256).default(8),
    /** How often the heads of all chains are sealed into a signed checkpoint, in seconds. */
    ACCESS_LOG_SEAL_SECONDS: z.coerce.number().int().min(1).max(86400).default(60),
    /** Signs the checkpoints; unset: derived from JWT_SECRET. Required in production without JWT_SECRET. */
    ACCESS_LOG_SEAL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** How often retention runs (partitions ahead, expired ones dropped), in minutes. */
    ACCESS_LOG_MAINTENANCE_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
    /** Reviews count days and working hours in this zone. */
    ACCESS_LOG_TIMEZONE: z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai')
      .default('Asia/Shanghai'),
    ACCESS_LOG_WORKING_HOURS: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'must look like 07:00-20:00')
      .default('07:00-20:00'),
    /** A bulk read: more than this many distinct subjects read by one actor within ACCESS_LOG_BULK_READ_MINUTES. */
    ACCESS_LOG_BULK_READ_SUBJECTS: z.coerce.number().int().min(1).default(50),
    ACCESS_LOG_BULK_READ_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
    /** A burst: at least this many DENIED entries of one actor within ACCESS_LOG_DENIED_BURST_MINUTES. */
    ACCESS_LOG_DENIED_BURST: z.coerce.number().int().min(2).default(5),
    ACCESS_LOG_DENIED_BURST_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
    /** Attachments (contract §16): the largest upload, and the directory of the local storage driver. */
    ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(104857600).default(10485760),
    ATTACHMENT_DIR: z.string().min(1).default('.data/attachments'),
    /** SLA warnings (contract §15): a deadline this close is announced to the case's subscribers. */
    SLA_WARNING_LEAD_MINUTES: z.coerce.number().int().min(1).max(100000).default(60),
    /** OpenTelemetry's own variable: traces go to <endpoint>/v1/traces over OTLP/HTTP; unset: no tracing. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .string()
      .regex(/^https?:\/\//, 'must be an http:// or https:// URL')
      .optional(),
    OTEL_SERVICE_NAME: z.string().min(1).default('grid-governance-api'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    const refuse = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (!env.JWT_SECRET && !env.JWKS_URL) refuse('JWT_SECRET', 'JWT_SECRET or JWKS_URL is required in production');
    if (!env.JWT_SECRET && !env.ACCESS_LOG_SEAL_SECRET) {
      refuse('ACCESS_LOG_SEAL_SECRET', 'ACCESS_LOG_SEAL_SECRET is required in production without JWT_SECRET');
    }
    if (env.JWT_SECRET === DEVELOPMENT_SECRET) refuse('JWT_SECRET', 'must not be the development secret in production');
    if (env.SEED_SCALE === 'demo') {
      refuse('SEED_SCALE', 'the demo data and its logins may not be loaded in production; use district or none');
    }
  });

type OnOff = 'on' | 'off';

export type Config = Omit<
  z.infer<typeof schema>,
  'SEED_SCALE' | 'GRAPHQL_INTROSPECTION' | 'GRAPHQL_SUGGESTIONS' | 'GRAPHQL_EXPLORER'
> & {
  SEED_SCALE: 'demo' | 'district' | 'none';
  GRAPHQL_INTROSPECTION: OnOff;
  GRAPHQL_SUGGESTIONS: OnOff;
  GRAPHQL_EXPLORER: OnOff;
  /** The HS256 key; null when this service accepts and issues no HS256 tokens (production with only JWKS_URL). */
  jwtSecret: string | null;
};

export class ConfigError extends Error {}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
  } catch {
    return false;
  }
}

function isManifest(path: string): boolean {
  try {
    const manifest: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return !!manifest && typeof manifest === 'object' && Object.values(manifest).every((d) => typeof d === 'string');
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const settings = parsed.data;
  const production = settings.NODE_ENV === 'production';
  return {
    ...settings,
    SEED_SCALE: settings.SEED_SCALE ?? (production ? 'none' : 'demo'),
    GRAPHQL_INTROSPECTION: settings.GRAPHQL_INTROSPECTION ?? (production ? 'off' : 'on'),
    GRAPHQL_SUGGESTIONS: settings.GRAPHQL_SUGGESTIONS ?? (production ? 'off' : 'on'),
    GRAPHQL_EXPLORER: settings.GRAPHQL_EXPLORER ?? (production ? 'off' : 'on'),
    jwtSecret: settings.JWT_SECRET ?? (production ? null : DEVELOPMENT_SECRET),
  };
}
