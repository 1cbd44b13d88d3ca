import { loadConfig } from '../../src/config/config';

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(4000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.NODE_ENV).toBe('development');
  });

  it('names each invalid variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(
      /PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/,
    );
  });

  it('requires a signing secret or a JWKS URL in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).jwtSecret).toBe('x'.repeat(32));
  });

  it('uses the development secret only outside production', () => {
    const development = loadConfig({ NODE_ENV: 'development' }).jwtSecret;
    expect(development).toEqual(expect.any(String));
    expect(loadConfig({ NODE_ENV: 'test' }).jwtSecret).toBe(development);
    const external = { NODE_ENV: 'production', JWKS_URL: 'https://idp.example/jwks.json' };
    expect(loadConfig({ ...external, ACCESS_LOG_SEAL_SECRET: 's'.repeat(32) }).jwtSecret).toBeNull();
    // Without a JWT secret nothing could sign the access log's checkpoints.
    expect(() => loadConfig(external)).toThrow(/ACCESS_LOG_SEAL_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: development! })).toThrow(
      /JWT_SECRET: must not be the development secret/,
    );
  });

  it('refuses the demo seed in production and loads nothing there by default', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig({ ...production, SEED_SCALE: 'demo' })).toThrow(/SEED_SCALE: the demo data/);
    expect(loadConfig(production).SEED_SCALE).toBe('none');
    expect(loadConfig({ ...production, SEED_SCALE: 'district' }).SEED_SCALE).toBe('district');
    expect(loadConfig({}).SEED_SCALE).toBe('demo');
  });

  it('has no benchmark switches: they are ignored, not honoured', () => {
    const config = loadConfig({ BENCH_MODE: 'on', BENCH_POLICY: 'off', BENCH_ACCESS_LOG: 'off' }) as object;
    expect(Object.keys(config).filter((key) => key.startsWith('BENCH_'))).toEqual([]);
  });

  it('turns introspection and suggestions off in production unless set, and checks CORS_ORIGINS', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(production)).toMatchObject({ GRAPHQL_INTROSPECTION: 'off', GRAPHQL_SUGGESTIONS: 'off' });
    expect(loadConfig({ ...production, GRAPHQL_INTROSPECTION: 'on' }).GRAPHQL_INTROSPECTION).toBe('on');
    expect(loadConfig({})).toMatchObject({ GRAPHQL_INTROSPECTION: 'on', GRAPHQL_SUGGESTIONS: 'on', CORS_ORIGINS: [] });
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://b.example:8080' }).CORS_ORIGINS).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
  });

  it('has rate limits by default, in the process unless REDIS_URL names a Redis', () => {
    expect(loadConfig({}).REDIS_URL).toBeUndefined();
    expect(loadConfig({})).toMatchObject({
      RATE_LIMIT_WINDOW_SECONDS: 60,
      RATE_LIMIT_USER_POINTS: 600000,
      RATE_LIMIT_IP_POINTS: 3000000,
      LOGIN_MAX_FAILURES: 10,
      LOGIN_IP_MAX_FAILURES: 100,
      LOGIN_LOCKOUT_MINUTES: 15,
      LOGIN_VERIFY_CONCURRENCY: 2,
    });
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379/2' }).REDIS_URL).toBe('redis://cache:6379/2');
    expect(() => loadConfig({ REDIS_URL: 'cache:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ LOGIN_MAX_FAILURES: '0', RATE_LIMIT_USER_POINTS: 'many' })).toThrow(
      /LOGIN_MAX_FAILURES[\s\S]*RATE_LIMIT_USER_POINTS|RATE_LIMIT_USER_POINTS[\s\S]*LOGIN_MAX_FAILURES/,
    );
  });

  it('refuses a short secret', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });
});
