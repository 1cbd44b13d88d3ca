import { print } from 'graphql';
import { LoginDocument, MeDocument } from '../generated/graphql';
import { DEMO_PASSWORD, startTestApi, TestApi } from '../support/api';
import { hashOf, printTrusted } from '../../src/common/trusted-documents';
import { loadConfig } from '../../src/config/config';

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions: Record<string, unknown> }[];
  extensions?: { sqlStatements?: number };
};

/** Were the request authenticated (the first SQL statement), this token would answer 401. */
const invalidToken = 'not.a.token';
const meHash = hashOf(printTrusted(MeDocument));

describe('with TRUSTED_DOCUMENTS set', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startTestApi({ TRUSTED_DOCUMENTS: 'schema/trusted-documents.json' });
    const login = await api.request(LoginDocument, { username: 'admin.demo', password: DEMO_PASSWORD });
    token = login.data!.login.token;
  });
  afterAll(() => api.close());

  it('runs a registered operation sent in full, in the layout the client prints it', async () => {
    const response = await api.raw({ query: print(MeDocument) }, { token });
    expect(response.status).toBe(200);
    expect((response.body as Body).data).toMatchObject({ me: { username: 'admin.demo' } });
  });

  it('runs a registered operation sent by its hash, as a persisted query or a document id', async () => {
    const persisted = await api.raw({ extensions: { persistedQuery: { version: 1, sha256Hash: meHash } } }, { token });
    expect(persisted.status).toBe(200);
    expect((persisted.body as Body).data).toMatchObject({ me: { username: 'admin.demo' } });
    const byId = await api.raw({ documentId: `sha256:${meHash}` }, { token });
    expect((byId.body as Body).data).toMatchObject({ me: { username: 'admin.demo' } });
  });

  it('runs a registered query sent by hash in a GET request', async () => {
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: meHash } });
    const response = await fetch(`${api.url}?extensions=${encodeURIComponent(extensions)}`, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Body).data).toMatchObject({ me: { username: 'admin.demo' } });
  });

  it('refuses an unregistered operation before any SQL', async () => {
    const response = await api.raw({ query: '{ health }' }, { token: invalidToken });
    expect(response.status).toBe(400);
    const body = response.body as Body;
    expect(body.data).toBeUndefined();
    expect(body.extensions?.sqlStatements).toBeUndefined();
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'query' });
    expect(body.errors![0].message).toContain('not one of the registered (trusted) documents');
  });

  it('refuses a tampered document that keeps a registered name', async () => {
    const tampered = print(MeDocument).replace('displayName', 'displayName scopePaths: scopeGrids { path: id }');
    const response = await api.raw({ query: tampered, operationName: 'Me' }, { token: invalidToken });
    expect(response.status).toBe(400);
    expect((response.body as Body).errors![0].extensions).toMatchObject({ argumentName: 'query' });
  });

  it('refuses an unknown hash, naming where it was sent', async () => {
    const hash = hashOf('{ health }');
    const response = await api.raw({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(response.status).toBe(400);
    expect((response.body as Body).errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'extensions.persistedQuery',
    });
  });
});

describe('without TRUSTED_DOCUMENTS', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('runs any valid operation, as before', async () => {
    const response = await api.raw({ query: '{ health }' });
    expect(response.status).toBe(200);
    expect((response.body as Body).extensions?.sqlStatements).toBeGreaterThanOrEqual(0);
  });
});

it('refuses a TRUSTED_DOCUMENTS setting that names no manifest', () => {
  expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'schema/schema.graphql' })).toThrow(/TRUSTED_DOCUMENTS: must be/);
});
