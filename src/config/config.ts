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
    JWT_TTL: z.string().regex(/^\d+[smhd]$/, 'must look like 30m, 8h or 7d').default('8h'),
    JWKS_URL: z.string().url().optional(),
    SEED_SCALE: z.enum(['demo', 'district', 'none']).default('demo'),
    SQL_COUNT: z.enum(['on', 'off']).default('off'),
    /** Benchmarks only: measure the cost of the access log by switching it off. Refused unless BENCH_MODE=on. */
    BENCH_MODE: z.enum(['on', 'off']).default('off'),
    BENCH_ACCESS_LOG: z.enum(['on', 'off']).default('on'),
    AGGREGATE_MIN_CELL: z.coerce.number().int().min(1).default(5),
    AUDIT_WAIT_MS: z.coerce.number().int().min(10).max(60000).default(3000),
    ACCESS_LOG_RETENTION_DAYS: z.coerce.number().int().min(180, 'must keep at least 180 days (Cybersecurity Law art. 21)').default(180),
  })
  .superRefine((env, ctx) => {
    if (env.BENCH_ACCESS_LOG === 'off' && env.BENCH_MODE !== 'on') {
      ctx.addIssue({ code: 'custom', path: ['BENCH_ACCESS_LOG'], message: 'may be off only in a benchmark (BENCH_MODE=on)' });
    }
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET && !env.JWKS_URL) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'JWT_SECRET or JWKS_URL is required in production' });
    }
  });

export type Config = z.infer<typeof schema> & { jwtSecret: string };

/** A development-only secret so that `npm start` works out of the box; production must set its own. */
const DEVELOPMENT_SECRET = 'development-only-secret-change-me-0123456789';

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, jwtSecret: parsed.data.JWT_SECRET ?? DEVELOPMENT_SECRET };
}
