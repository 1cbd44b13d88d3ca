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

  it('allows switching the policy or the access log off only in a benchmark', () => {
    expect(() => loadConfig({ BENCH_POLICY: 'off' })).toThrow(/BENCH_POLICY/);
    expect(() => loadConfig({ BENCH_ACCESS_LOG: 'off' })).toThrow(/BENCH_ACCESS_LOG/);
    expect(loadConfig({ BENCH_MODE: 'on', BENCH_POLICY: 'off', BENCH_ACCESS_LOG: 'off' }).BENCH_POLICY).toBe('off');
  });

  it('refuses a short secret', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });
});
