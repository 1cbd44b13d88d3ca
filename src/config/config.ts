import { z } from 'zod';

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
    SEED_SCALE: z.enum(['demo', 'district', 'none']).default('demo'),
    SQL_COUNT: z.enum(['on', 'off']).default('off'),
    /** Benchmarks only: measure the cost of the access log by switching it off. Refused unless BENCH_MODE=on. */
    BENCH_MODE: z.enum(['on', 'off']).default('off'),
    BENCH_ACCESS_LOG: z.enum(['on', 'off']).default('on'),
    /** Benchmarks only: serve every row and field unmasked, to price the policy. Refused unless BENCH_MODE=on. */
    BENCH_POLICY: z.enum(['on', 'off']).default('on'),
    AGGREGATE_MIN_CELL: z.coerce.number().int().min(1).default(5),
    AUDIT_WAIT_MS: z.coerce.number().int().min(10).max(60000).default(3000),
    /** How long SIGTERM/SIGINT lets in-flight requests finish before their connections are closed. */
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600000).default(10000),
    /** Waits on the database, each bounded so one stuck statement or a frozen server cannot hold the API. */
    DB_POOL_MAX: z.coerce.number().int().min(2).max(500).default(20),
    DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(5000),
    DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(3000),
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3600000).default(15000),
    DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(10).max(600000).default(200),
    DB_IDLE_IN_TRANSACTION_MS: z.coerce.number().int().min(100).max(3600000).default(30000),
    /** What the readiness probe waits for the database before answering 503. */
    HEALTH_TIMEOUT_MS: z.coerce.number().int().min(50).max(60000).default(1000),
    ACCESS_LOG_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(180, 'must keep at least 180 days (Cybersecurity Law art. 21)')
      .default(180),
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
  })
  .superRefine((env, ctx) => {
    for (const name of ['BENCH_ACCESS_LOG', 'BENCH_POLICY'] as const) {
      if (env[name] === 'off' && env.BENCH_MODE !== 'on') {
        ctx.addIssue({ code: 'custom', path: [name], message: 'may be off only in a benchmark (BENCH_MODE=on)' });
      }
    }
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET && !env.JWKS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'JWT_SECRET or JWKS_URL is required in production',
      });
    }
  });

export type Config = z.infer<typeof schema> & { jwtSecret: string };

/** A development-only secret so that `npm start` works out of the box; production must set its own. */
const DEVELOPMENT_SECRET = 'development-only-secret-change-me-0123456789';

export class ConfigError extends Error {}

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
  return { ...parsed.data, jwtSecret: parsed.data.JWT_SECRET ?? DEVELOPMENT_SECRET };
}
