import type { TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';

export interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { masked?: string[] };
}

/** One GraphQL request as a client sends it: a document, variables, a token and optional headers. */
export async function ask(
  api: TestApi,
  username: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Answer> {
  const token = await api.login(username);
  return (await api.raw({ query, variables }, { token, headers })).body as Answer;
}

export const codeOf = (answer: Answer) => answer.errors?.[0]?.extensions?.code;

/** A row id from the database, as the global id a client would hold. */
export async function idOf(api: TestApi, type: string, query: string, params: unknown[] = []): Promise<string> {
  const [row] = await sql<{ id: number }>(api, query, params);
  if (!row) throw new Error(`no ${type} row for: ${query}`);
  return globalId(type, row.id);
}

/** DENIED entries the log holds for a login, newest first. */
export async function deniedEntries(api: TestApi, username: string): Promise<{ entity_type: string; rule: string }[]> {
  return sql(
    api,
    `select l.entity_type, l.rule from access_log l join app_user u on u.id = l.actor_user_id
      where u.username = $1 and l.outcome = 'DENIED' order by l.id desc`,
    [username],
  );
}
