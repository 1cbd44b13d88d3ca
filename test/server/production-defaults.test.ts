import http from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { LoginDocument, MeDocument, ResidentByIdDocument, ResidentsPageDocument } from '../generated/graphql';
import { createTokenService } from '../../src/auth/tokens';
import { hashPassword } from '../../src/auth/passwords';
import { loadConfig } from '../../src/config/config';
import { DEMO_PASSWORD, startTestApi, TestApi } from '../support/api';
import { assignedPaths, globalId, sql } from '../support/sql';

/** The signing key of this suite's production server; the demo logins are refused there, so tests sign. */
const PRODUCTION_SECRET = 'production-test-secret-0123456789abcdef';
const production = { NODE_ENV: 'production', JWT_SECRET: PRODUCTION_SECRET };
const productionTokens = createTokenService(loadConfig(production));
/** What anyone can sign with: the development secret is in the source. */
const developmentTokens = createTokenService(loadConfig({ NODE_ENV: 'development' }));

async function userId(api: TestApi, username: string): Promise<number> {
  const [row] = await sql<{ id: number }>(api, 'select id from app_user where username = $1', [username]);
  return row.id;
}

/** An account of a real operator: not a demo name, not the demo password. */
async function addUser(api: TestApi, username: string, password: string): Promise<void> {
  await sql(
    api,
    `insert into app_user (id, username, password_hash, display_name, role)
     select max(id) + 1, $1, $2, 'Ops', 'DISTRICT_ADMIN' from app_user`,
    [username, await hashPassword(password)],
  );
}

describe('production with only JWKS_URL', () => {
  let issuer: http.Server;
  let privateKey: KeyLike;
  let api: TestApi;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as KeyLike;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'prod-key', alg: 'RS256', use: 'sig' };
    issuer = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
    const { port } = issuer.address() as AddressInfo;
    api = await startTestApi({
      NODE_ENV: 'production',
      JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
      // Without a JWT secret of its own, the service seals the access log with a key it is given.
      ACCESS_LOG_SEAL_SECRET: 'seal-key-of-this-test-0123456789abcdef',
    });
  });

  afterAll(async () => {
    await api.close();
    await new Promise((resolve) => issuer.close(resolve));
  });

  it('refuses an HS256 token signed with the development secret from the source', async () => {
    const forged = await developmentTokens.sign(await userId(api, 'admin.demo'));
    const response = await api.request(MeDocument, {}, { token: forged });
    expect(response.status).toBe(401);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("still accepts the identity provider's RS256 tokens", async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'prod-key' })
      .setSubject(String(await userId(api, 'street.demo')))
      .setIssuer('grid-governance')
      .setAudience('grid-governance-api')
      .setExpirationTime('5m')
      .sign(privateKey);
    const response = await api.request(MeDocument, {}, { token });
    expect(response.data?.me).toMatchObject({ username: 'street.demo', role: 'STREET_ADMIN' });
  });

  it('issues no HS256 token of its own at login', async () => {
    await addUser(api, 'ops.jwks', 'a-real-password-of-ops');
    const response = await api.request(LoginDocument, { username: 'ops.jwks', password: 'a-real-password-of-ops' });
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('production with JWT_SECRET', () => {
  let api: TestApi;
  beforeAll(async () => {
    // The benchmark switches of earlier versions, set as an attacker would: they must change nothing.
    api = await startTestApi({ ...production, BENCH_MODE: 'on', BENCH_POLICY: 'off', BENCH_ACCESS_LOG: 'off' });
  });
  afterAll(() => api.close());

  it('refuses the demo accounts at login, with the answer of a wrong password', async () => {
    for (const username of ['admin.demo', 'worker.demo']) {
      const response = await api.request(LoginDocument, { username, password: DEMO_PASSWORD });
      expect(response.data).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(response.errors?.[0]?.message).toBe('Invalid username or password');
    }
  });

  it('lets a real account log in', async () => {
    await addUser(api, 'ops.admin', 'a-real-password-of-ops');
    const login = await api.request(LoginDocument, { username: 'ops.admin', password: 'a-real-password-of-ops' });
    expect(login.data?.login.user.username).toBe('ops.admin');
    const me = await api.request(MeDocument, {}, { token: login.data!.login.token });
    expect(me.data?.me.role).toBe('DISTRICT_ADMIN');
  });

  it('refuses a token signed with the development secret', async () => {
    const forged = await developmentTokens.sign(await userId(api, 'admin.demo'));
    const response = await api.request(MeDocument, {}, { token: forged });
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('ignores BENCH_POLICY=off: rows stay scoped, fields masked, reads logged', async () => {
    const token = await productionTokens.sign(await userId(api, 'worker.demo'));
    const paths = await assignedPaths(api, 'worker.demo');
    const [inScope] = await sql<{ n: string }>(api, 'select count(*) as n from resident where grid_path like any($1)', [
      paths.map((path) => `${path}%`),
    ]);
    const page = await api.request(ResidentsPageDocument, { first: 5 }, { token });
    expect(page.errors).toBeUndefined();
    expect(page.data?.residents.totalCount).toBe(Number(inScope.n));
    expect(page.extensions?.accessLogEntries).toBeGreaterThan(0);

    const [outside] = await sql<{ id: number }>(
      api,
      'select id from resident where not grid_path like all($1) limit 1',
      [paths.map((path) => `${path}%`)],
    );
    const refused = await api.request(ResidentByIdDocument, { id: globalId('Resident', outside.id) }, { token });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const [logged] = await sql<{ n: string }>(
      api,
      "select count(*) as n from access_log where actor_user_id = $1 and outcome = 'DENIED' and entity_id = $2",
      [await userId(api, 'worker.demo'), outside.id],
    );
    expect(Number(logged.n)).toBe(1);
  });
});
