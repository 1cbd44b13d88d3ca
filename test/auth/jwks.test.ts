import http from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { MeDocument } from '../generated/graphql';
import { startTestApi, TestApi } from '../support/api';
import { sql } from '../support/sql';

/** An external identity provider: a key pair and its public key served as a JWKS document. */
let issuer: http.Server;
let privateKey: KeyLike;
let api: TestApi;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey as KeyLike;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  issuer = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
  const { port } = issuer.address() as AddressInfo;
  api = await startTestApi({ JWKS_URL: `http://127.0.0.1:${port}/jwks.json` });
});

afterAll(async () => {
  await api.close();
  await new Promise((resolve) => issuer.close(resolve));
});

function externalToken(subject: string, key: KeyLike = privateKey): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
    .setSubject(subject)
    .setIssuer('grid-governance')
    .setAudience('grid-governance-api')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
}

describe('tokens from an external issuer (JWKS)', () => {
  it('accepts an RS256 token signed by a key the JWKS publishes', async () => {
    const [user] = await sql<{ id: number }>(api, "select id from app_user where username = 'street.demo'");
    const response = await api.request(MeDocument, {}, { token: await externalToken(String(user.id)) });
    expect(response.data?.me).toMatchObject({ username: 'street.demo', role: 'STREET_ADMIN' });
  });

  it('refuses a token signed by a key the JWKS does not publish', async () => {
    const stranger = (await generateKeyPair('RS256')).privateKey as KeyLike;
    const response = await api.request(MeDocument, {}, { token: await externalToken('1', stranger) });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('still accepts the tokens the service issues itself', async () => {
    const response = await api.request(MeDocument, {}, { token: await api.login('worker.demo') });
    expect(response.data?.me.username).toBe('worker.demo');
  });
});
