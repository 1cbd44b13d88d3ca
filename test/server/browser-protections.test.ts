import { MeDocument } from '../generated/graphql';
import { createTokenService } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config/config';
import { startTestApi, TestApi } from '../support/api';
import { sql } from '../support/sql';

const production = { NODE_ENV: 'production', JWT_SECRET: 'browser-test-secret-0123456789abcdefgh' };
const ALLOWED = 'https://dashboard.grid.example';

type ErrorBody = { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };

let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi({ ...production, CORS_ORIGINS: `${ALLOWED}, https://app.grid.example` });
  const [admin] = await sql<{ id: number }>(api, "select id from app_user where username = 'admin.demo'");
  token = await createTokenService(loadConfig(production)).sign(admin.id);
});
afterAll(() => api.close());

const introspection = { query: '{ __schema { queryType { name } } }' };

describe('production browser protections', () => {
  it('refuses introspection', async () => {
    const response = await api.raw(introspection, { token });
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives no "did you mean" suggestions', async () => {
    const response = await api.raw({ query: '{ residentz { totalCount } }' }, { token });
    const message = (response.body as ErrorBody).errors?.[0]?.message ?? '';
    expect(message).toContain('residentz');
    expect(message).not.toMatch(/did you mean/i);
  });

  it('sets security headers and hides x-powered-by', async () => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ health }' }),
    });
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('answers CORS preflights only for the origins of CORS_ORIGINS', async () => {
    const preflight = (origin: string) =>
      fetch(api.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight(ALLOWED);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps CSRF prevention: a simple cross-site request is refused', async () => {
    const formPost = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(formPost.status).toBe(400);
    const get = await fetch(`${api.url}?query=${encodeURIComponent('{ health }')}`);
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/CSRF/i);
    const withHeader = await fetch(`${api.url}?query=${encodeURIComponent('{ health }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(((await withHeader.json()) as { data: { health: string } }).data.health).toBe('ok');
  });

  it('still answers an ordinary authenticated request', async () => {
    const response = await api.request(MeDocument, {}, { token });
    expect(response.data?.me.username).toBe('admin.demo');
  });
});

describe('settings that turn them back on', () => {
  let open: TestApi;
  beforeAll(async () => {
    open = await startTestApi({ ...production, GRAPHQL_INTROSPECTION: 'on', GRAPHQL_SUGGESTIONS: 'on' });
  });
  afterAll(() => open.close());

  it('allows introspection with GRAPHQL_INTROSPECTION=on', async () => {
    const response = await open.raw(introspection, { token });
    expect(
      (response.body as { data: { __schema: { queryType: { name: string } } } }).data.__schema.queryType.name,
    ).toBe('Query');
  });

  it('gives suggestions with GRAPHQL_SUGGESTIONS=on', async () => {
    const response = await open.raw({ query: '{ residentz { totalCount } }' }, { token });
    expect((response.body as ErrorBody).errors?.[0]?.message).toMatch(/did you mean .*"residents"/i);
  });

  it('sends no CORS header for any origin when CORS_ORIGINS is unset', async () => {
    const response = await fetch(open.url, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
