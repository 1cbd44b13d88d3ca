import { quietLogger } from '../common/quiet-log';

/** A failure of the database rather than of the request: the client should retry later. */
export interface Outage {
  kind: 'statement timeout' | 'lock timeout' | 'connection pool exhausted' | 'database unreachable';
  retryAfter: number;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
]);
// Socket codes are matched in the text too: an error thrown as a non-Error (or from another realm) reaches
// here only as graphql's "Unexpected error value: Error: connect ECONNREFUSED …".
const UNREACHABLE_MESSAGE =
  /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH)\b|Connection terminated|connection timeout|timeout expired|Query read timeout|Connection ended|the database system is (starting up|shutting down)|terminating connection|not currently accepting connections|too many clients/i;

/** Classifies an error (or what it wraps) as a database outage, by PostgreSQL SQLSTATE, socket code or pool. */
export function outageOf(error: unknown): Outage | null {
  for (let current = error, depth = 0; isErrorLike(current) && depth < 5; depth++) {
    const code = 'code' in current ? String(current.code) : '';
    if (code === '57014') return { kind: 'statement timeout', retryAfter: 5 };
    if (code === '55P03') return { kind: 'lock timeout', retryAfter: 2 };
    if (current.name === 'KnexTimeoutError' || /Timeout acquiring a connection/.test(current.message))
      return { kind: 'connection pool exhausted', retryAfter: 2 };
    if (UNREACHABLE_CODES.has(code) || code.startsWith('08') || UNREACHABLE_MESSAGE.test(current.message))
      return { kind: 'database unreachable', retryAfter: 5 };
    current = wrapped(current);
  }
  return null;
}

/** Duck-typed: errors made by Node's sockets are not `instanceof` the Error of a test runner's sandbox. */
function isErrorLike(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && typeof (value as Error).message === 'string';
}

/** GraphQL errors wrap in originalError, the ORM's exceptions in previous, others in cause. */
function wrapped(error: Error): unknown {
  const links = error as { originalError?: unknown; previous?: unknown; cause?: unknown };
  return links.originalError ?? links.previous ?? links.cause;
}

/** The one log line per kind of outage and interval, shared by every part of the process. */
export const logOutage = quietLogger();

/** The reason without the statement: the ORM prefixes its messages with the SQL (and its parameters). */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(' - ').pop()!.trim();
}
