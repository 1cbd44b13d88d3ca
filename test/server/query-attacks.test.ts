import { startTestApi, TestApi } from '../support/api';

/**
 * The two documents that exhausted the service before it had limits, with the default limits of a
 * production server: a grid worker's residents nested ten deep, and a thousand aliases of a 500-row page.
 * Both are refused before any SQL (with a token naming no user, authenticating would be the first
 * statement and answer 401; a limit answers 400 first).
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-forty-characters!' });
});
afterAll(() => api.close());

type ErrorBody = { data?: unknown; errors: { extensions: Record<string, unknown> }[] };

function nestedResidents(depth: number): string {
  let selection = 'id name';
  for (let i = 0; i < depth; i++) selection = `id grid { residents(first: 20) { ${selection} } }`;
  return `{ residents(first: 20) { nodes { ${selection} } } }`;
}

it.each([
  ['residents nested 10 deep', nestedResidents(10)],
  [
    '1,000 aliases of a page of 500',
    `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: residents(first: 500) { totalCount }`).join(' ')} }`,
  ],
])('refuses %s before any SQL', async (_name, query) => {
  const response = await api.raw({ query }, { token: 'not.a.token' });
  expect(response.status).toBe(400);
  const body = response.body as ErrorBody;
  expect(body.data).toBeUndefined();
  expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(body.errors[0].extensions.limit).toBeDefined();
});
