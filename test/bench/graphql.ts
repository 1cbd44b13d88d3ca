/** A GraphQL answer as the benchmark reads it: data, errors and the SQL_COUNT extensions. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { sqlStatements?: number; accessLogEntries?: number };
}

export function requestBody(query: string, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query, variables });
}

export function headersFor(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...extra };
}

export async function post<T>(url: string, body: string, headers: Record<string, string>): Promise<Answer<T>> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, ...((await response.json()) as object) };
}

/** Fails loudly when an answer the benchmark depends on carries no data or any error. */
export function dataOf<T>(answer: Answer<T>, what: string): T {
  if (!answer.data || answer.errors?.length)
    throw new Error(`${what} failed (HTTP ${answer.status}): ${JSON.stringify(answer.errors)}`);
  return answer.data;
}
