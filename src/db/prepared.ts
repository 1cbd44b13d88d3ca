import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from './sql';
import { countStatement } from './sql-counter';

interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<void>;
}

/** A statement's server-side name and its text with $n placeholders, worked out once per text. */
const statements = new Map<string, { name: string | undefined; text: string }>();
/** Distinct texts kept as named statements; past it (a flood of distinct selections) they are sent unnamed. */
const MAX_NAMED = 200;

function statementOf(sql: string): { name: string | undefined; text: string } {
  let statement = statements.get(sql);
  if (!statement) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    const name = statements.size < MAX_NAMED ? `s_${createHash('sha1').update(sql).digest('hex')}` : undefined;
    statement = { name, text };
    if (name) statements.set(sql, statement);
  }
  return statement;
}

/**
 * The hot hand-written statements of a read (the caller's principal, a compiled page, the access-log append)
 * as named prepared statements on a pooled connection: PostgreSQL parses and plans each once per connection,
 * not per request, and the ORM does not render the parameters into the text. Counted and, with SQL_LOG,
 * logged like the ORM's own. Inside the EntityManager's transaction the ORM's path runs it instead.
 * Placeholders are "?", as for `runSql` (so the text must hold no other question mark). A statement sent on
 * behalf of several requests (the access log's group commit) is counted for each of them.
 */
export async function runPrepared<T>(
  em: EntityManager,
  sql: string,
  params: unknown[],
  onBehalfOf: EntityManager[] = [em],
): Promise<T[]> {
  if (em.getTransactionContext()) return runSql<T[]>(em, sql, params);
  const { name, text } = statementOf(sql);
  const context = em.getLoggerContext() as { requestId?: string };
  for (const request of onBehalfOf) countStatement((request.getLoggerContext() as { requestId?: string }).requestId);
  if (process.env.SQL_LOG === 'on') em.config.getLogger().logQuery({ query: text, params, ...context });
  const client = em.getConnection().getKnex().client as unknown as KnexClient;
  const connection = await client.acquireConnection();
  try {
    const result = await connection.query({ name, text, values: params });
    return result.rows as T[];
  } finally {
    await client.releaseConnection(connection);
  }
}
