import { Client } from 'pg';
import type { TestApi } from '../../support/api';
import { sql } from '../../support/sql';

export interface LoggedEntry {
  id: string;
  action: string;
  entity_type: string;
  entity_id: number | null;
  fields: string[];
  outcome: string;
  basis: string;
  purpose: string | null;
  actor_user_id: number | null;
  actor_role: string | null;
  rule: string | null;
}

/** The last id in the log, to read what one request appended after it. */
export async function logMark(api: TestApi): Promise<string> {
  const [row] = await sql<{ id: string | null }>(api, 'select max(id)::text as id from access_log');
  return row.id ?? '0';
}

/**
 * What one request appended after the mark, one row per subject read: an entry covering several subjects
 * (a list page read alike) stands for a read of each, under the same entry id.
 */
export async function entriesAfter(api: TestApi, mark: string): Promise<LoggedEntry[]> {
  return sql<LoggedEntry>(
    api,
    `select a.id::text, action, entity_type, coalesce(s.id, a.entity_id) as entity_id, fields, outcome, basis, purpose,
            actor_user_id, actor_role::text, rule
       from access_log a left join lateral unnest(a.subject_ids) s(id) on true where a.id > $1 order by a.id, s.id`,
    [mark],
  );
}

/** The entries themselves, as stored: an entry covering several subjects is one row. */
export async function storedAfter(
  api: TestApi,
  mark: string,
): Promise<(LoggedEntry & { subject_ids: number[] | null })[]> {
  return sql(
    api,
    `select id::text, action, entity_type, entity_id, subject_ids, fields, outcome, basis, purpose, actor_user_id,
            actor_role::text, rule
       from access_log where id > $1 order by id`,
    [mark],
  );
}

export async function verify(api: TestApi): Promise<{ ok: boolean; checked: string; first_bad_id: string | null }> {
  const [row] = await sql<{ ok: boolean; checked: string; first_bad_id: string | null }>(
    api,
    "select ok, checked::text, first_bad_id::text from verify_access_log(now() - interval '1 year', now() + interval '1 day')",
  );
  return row;
}

/** Runs work as a superuser with triggers off, the way someone tampering with the database would. */
export async function tamperWith(api: TestApi, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: api.databaseUrl });
  await client.connect();
  try {
    await client.query('set session_replication_role = replica');
    await work(client);
  } finally {
    await client.end();
  }
}
