import type { TestApi } from './api';

export interface Answer {
  status: number;
  retryAfterHeader: string | null;
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A POST to the API, keeping the status and the Retry-After header the test helper drops. */
export async function post(api: TestApi, body: unknown, token?: string): Promise<Answer> {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Omit<Answer, 'status' | 'retryAfterHeader'>;
  return { status: response.status, retryAfterHeader: response.headers.get('retry-after'), ...json };
}

export function attemptLogin(api: TestApi, username: string, password: string): Promise<Answer> {
  return post(api, {
    query: 'mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
    variables: { u: username, p: password },
  });
}

export const codeOf = (answer: Answer) => answer.errors?.[0]?.extensions?.code ?? null;

/** A RATE_LIMITED answer: HTTP 429, Retry-After in the header and in `extensions.retryAfter`, at most `max` s. */
export function expectRateLimited(answer: Answer, maxSeconds: number): void {
  expect(answer.status).toBe(429);
  expect(codeOf(answer)).toBe('RATE_LIMITED');
  const retryAfter = answer.errors?.[0]?.extensions?.retryAfter as number;
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect(answer.retryAfterHeader).toBe(String(retryAfter));
}
