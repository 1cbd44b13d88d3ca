import { createHash, Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A value for a jsonb column that is itself an array (plain arrays are taken for text[]). */
export class Jsonb {
  constructor(readonly value: unknown) {}
}

/** A value of one column in PostgreSQL's COPY text format. String arrays become text[] literals, objects jsonb. */
export type Cell = string | number | boolean | null | undefined | readonly string[] | Jsonb | object;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

function escapeText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '\\N';
  if (typeof cell === 'string') return escapeText(cell);
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 't' : 'f';
  if (cell instanceof Jsonb) return escapeText(JSON.stringify(cell.value));
  if (Array.isArray(cell)) return escapeText(arrayLiteral(cell as readonly string[]));
  return escapeText(JSON.stringify(cell));
}

/** One row of COPY text, newline included. */
export function copyLine(cells: readonly Cell[]): string {
  let line = cellText(cells[0]);
  for (let i = 1; i < cells.length; i++) line += '\t' + cellText(cells[i]);
  return line + '\n';
}

/** Where generated rows go: the database, or a digest in tests. Counts rows per table either way. */
export interface RowSink {
  readonly counts: Record<string, number>;
  copy(table: string, columns: readonly string[], lines: Iterable<string>): Promise<void>;
}

const CHUNK_CHARS = 1 << 17;

/** Groups lines into ~128k-character chunks: fewer writes, and generation pauses whenever the socket is full. */
function* chunked(lines: Iterable<string>, count: (n: number) => void): Generator<string> {
  let buffer = '';
  let rows = 0;
  for (const line of lines) {
    buffer += line;
    rows++;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  count(rows);
  if (buffer) yield buffer;
}

const quoted = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(', ');

/** COPY … FROM STDIN on one client, inside the caller's transaction. */
export class PgCopySink implements RowSink {
  readonly counts: Record<string, number> = {};

  constructor(private readonly client: ClientBase) {}

  async copy(table: string, columns: readonly string[], lines: Iterable<string>): Promise<void> {
    const target = this.client.query(copyFrom(`COPY "${table}" (${quoted(columns)}) FROM STDIN`));
    const add = (n: number) => (this.counts[table] = (this.counts[table] ?? 0) + n);
    await pipeline(Readable.from(chunked(lines, add), { objectMode: false }), target);
  }
}

/** Digests every table's rows in order: the determinism tests compare two runs byte for byte without a database. */
export class DigestSink implements RowSink {
  readonly counts: Record<string, number> = {};
  private readonly hashes = new Map<string, Hash>();

  async copy(table: string, columns: readonly string[], lines: Iterable<string>): Promise<void> {
    const hash = this.hashes.get(table) ?? createHash('sha256').update(columns.join(','));
    this.hashes.set(table, hash);
    let rows = 0;
    for (const line of lines) {
      hash.update(line);
      rows++;
    }
    this.counts[table] = (this.counts[table] ?? 0) + rows;
  }

  digests(): Record<string, string> {
    return Object.fromEntries([...this.hashes].map(([table, hash]) => [table, hash.copy().digest('hex')]));
  }
}
