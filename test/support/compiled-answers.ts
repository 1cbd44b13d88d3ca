import type { GraphQLResponse, TestApi } from './api';
import { sql } from './sql';
import type { LoggedEntry } from '../modules/access-log/log-support';

/** An access-log entry as these comparisons read it: one row per subject read, without who asked. */
type LoggedRead = Omit<LoggedEntry, 'id' | 'actor_user_id' | 'actor_role'>;

/**
 * The answer and the access-log entries one request wrote (the calling file runs its requests one at a time),
 * in a form two paths of the same read can be compared by: an entry covering several subjects stands for a
 * read of each, masked paths in order, the statement count and the fields answered whole apart.
 */
export async function answerAndLog<T>(api: TestApi, ask: () => Promise<GraphQLResponse<T>>) {
  const [before] = await sql<{ last: string | null }>(api, 'select max(id) as last from access_log');
  const response = await ask();
  const log = await sql<LoggedRead>(
    api,
    `select action, entity_type, coalesce(s.id, a.entity_id) as entity_id, fields, outcome, basis, rule, purpose
       from access_log a left join lateral unnest(a.subject_ids) s(id) on true
      where a.id > $1 and entity_type <> 'Login' order by entity_type, 3, outcome, action`,
    [before.last ?? 0],
  );
  const { sqlStatements, answeredWhole, masked, ...extensions } = response.extensions ?? {};
  return {
    response: { ...response, extensions: { ...extensions, masked: [...(masked ?? [])].sort() } },
    log,
    sqlStatements,
    answeredWhole,
  };
}
