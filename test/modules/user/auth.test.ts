import { HealthDocument, LoginDocument, MeDocument } from '../../generated/graphql';
import { DEMO_PASSWORD, startTestApi, TestApi } from '../../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('login', () => {
  it('gives a token that identifies the demo user and its post', async () => {
    const login = await api.request(LoginDocument, { username: 'worker.demo', password: DEMO_PASSWORD });
    expect(login.errors).toBeUndefined();
    const token = login.data!.login.token;
    const me = await api.request(MeDocument, {}, { token });
    expect(me.data?.me).toMatchObject({ username: 'worker.demo', role: 'GRID_WORKER' });
    expect(me.data?.me.scopeGrids.map((grid) => grid.level)).toEqual([3]);
  });

  it('answers the same for a wrong password and an unknown user', async () => {
    const wrongPassword = await api.request(LoginDocument, { username: 'worker.demo', password: 'not-the-password' });
    const unknownUser = await api.request(LoginDocument, { username: 'nobody.demo', password: DEMO_PASSWORD });
    for (const response of [wrongPassword, unknownUser]) {
      expect(response.data).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(response.errors?.[0]?.message).toBe(wrongPassword.errors?.[0]?.message);
    }
  });
});

describe('authentication', () => {
  it('lets health through without a token', async () => {
    const response = await api.request(HealthDocument);
    expect(response.data?.health).toBe('ok');
  });

  it('refuses any other query without a token', async () => {
    const response = await api.request(MeDocument);
    expect(response.data).toBeNull();
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a forged token with 401', async () => {
    const token = await api.login('admin.demo');
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('forged-signature').toString('base64url')}`;
    const response = await api.request(MeDocument, {}, { token: forged });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token whose payload was altered', async () => {
    const token = await api.login('worker.demo');
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(
      JSON.stringify({ sub: '1', iss: 'grid-governance', aud: 'grid-governance-api' }),
    ).toString('base64url');
    const response = await api.request(MeDocument, {}, { token: `${header}.${payload}.${signature}` });
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
