import { raw } from '@mikro-orm/core';
import type { EntityManager, QBFilterQuery } from '@mikro-orm/postgresql';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { AccessLog } from './access-log.entity';

export type ExportFormat = 'csv' | 'ndjson';

/** Text a client chose (an operation name, a stated purpose) could start a spreadsheet formula. */
const neutralised = (column: string) => `case when ${column} ~ '^[=+@-]' then '''' || ${column} else ${column} end`;

/**
 * The exported columns, in order: each entry as stored, with its hashes so a copy can be checked against
 * the chain, and the actor's username for the reader's convenience. CSV gets flat text, NDJSON typed values.
 */
const COLUMNS: { name: string; sql: string; csv?: string }[] = [
  { name: 'id', sql: 'a.id' },
  { name: 'occurred_at', sql: 'a.occurred_at' },
  { name: 'request_id', sql: 'a.request_id' },
  { name: 'operation_name', sql: 'a.operation_name', csv: neutralised('a.operation_name') },
  { name: 'actor_user_id', sql: 'a.actor_user_id' },
  { name: 'actor_username', sql: '(select u.username from app_user u where u.id = a.actor_user_id)' },
  { name: 'actor_role', sql: 'a.actor_role' },
  { name: 'actor_department_id', sql: 'a.actor_department_id' },
  { name: 'client_address', sql: 'a.client_address' },
  { name: 'action', sql: 'a.action' },
  { name: 'entity_type', sql: 'a.entity_type' },
  { name: 'entity_id', sql: 'a.entity_id' },
  // An entry about several subjects names them here (entity_id is then empty).
  { name: 'subject_ids', sql: 'a.subject_ids', csv: `array_to_string(a.subject_ids, ';')` },
  { name: 'fields', sql: 'a.fields', csv: `array_to_string(a.fields, ';')` },
  { name: 'outcome', sql: 'a.outcome' },
  { name: 'purpose', sql: 'a.purpose', csv: neutralised('a.purpose') },
  { name: 'basis', sql: 'a.basis' },
  { name: 'rule', sql: 'a.rule' },
  { name: 'prev_hash', sql: 'a.prev_hash' },
  { name: 'hash', sql: 'a.hash' },
  // Which chain and where in it: with these an export can be re-chained and checked outside the service.
  { name: 'chain', sql: 'a.chain' },
  { name: 'position', sql: 'a.position' },
];

export const EXPORTED_COLUMNS = COLUMNS.map((column) => column.name);

/**
 * The COPY statement of an export. COPY takes no bind parameters, so the filter's values are inlined by the
 * ORM's literal escaping; the WHERE is the caller's scope and filter, exactly as the accessLogs query's.
 */
export function copyStatement(em: EntityManager, where: object, format: ExportFormat): string {
  const select = em
    .createQueryBuilder(AccessLog, 'a')
    .select(
      COLUMNS.map((column) => raw(`${format === 'csv' ? (column.csv ?? column.sql) : column.sql} as "${column.name}"`)),
    )
    .where(where as QBFilterQuery<AccessLog>)
    .orderBy({ id: 'asc' })
    .getFormattedQuery();
  if (format === 'csv') return `copy (${select}) to stdout with (format csv, header true)`;
  // One JSON document a line: CSV with a quote and a delimiter that JSON text never contains emits it raw.
  return `copy (select row_to_json(t)::text from (${select}) t) to stdout with (format csv, quote e'\\x01', delimiter e'\\x02')`;
}

/**
 * A connection of its own for one export, so rows flow from the server to the response as the client reads
 * them, never held in memory, and the pool's connections stay free for requests.
 */
export class ExportConnection {
  private readonly client: Client;

  constructor(databaseUrl: string) {
    this.client = new Client({ connectionString: databaseUrl });
  }

  async open(): Promise<void> {
    await this.client.connect();
    await this.client.query(`set time zone 'UTC'`);
  }

  /** Streams the COPY output into `out`; a client that goes away ends the statement with the connection. */
  async copyTo(statement: string, out: Writable): Promise<void> {
    await pipeline(this.client.query(copyTo(statement)), out);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
