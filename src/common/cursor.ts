import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { badInput } from './errors';

/** Keyset cursors: the sort value and the id of the last row, so pages stay stable under inserts. */
export type CursorValue = string | number | null;

/**
 * Cursors are signed: the value and id go into SQL comparisons, so a cursor the server did not issue, or
 * issued for another list or ordering, is refused as bad input instead of reaching the database. Until
 * the server sets its key, a random one serves (cursors then live as long as the process).
 */
let cursorKey: Buffer = randomBytes(32);

/** Derives the signing key from a secret; the label keeps it distinct from any other use of that secret. */
export function useCursorSecret(secret: string | null): void {
  cursorKey = secret ? createHmac('sha256', secret).update('relay-cursor-v1').digest() : randomBytes(32);
}

function signature(scope: string, payload: string): Buffer {
  return createHmac('sha256', cursorKey).update(`${scope}\n${payload}`).digest().subarray(0, 16);
}

/** `scope` names the list and its ordering (e.g. "Resident:name:ASC"); the cursor is valid only there. */
export function encodeCursor(scope: string, value: CursorValue, id: number): string {
  const payload = Buffer.from(JSON.stringify([value, id]), 'utf8').toString('base64url');
  return `${payload}.${signature(scope, payload).toString('base64url')}`;
}

export function decodeCursor(
  scope: string,
  cursor: string,
  argumentName = 'after',
): { value: CursorValue; id: number } {
  const [payload, mac, extra] = cursor.split('.');
  const given = Buffer.from(mac ?? '', 'base64url');
  const expected = signature(scope, payload);
  if (extra === undefined && given.length === expected.length && timingSafeEqual(given, expected)) {
    const parsed = parsePayload(payload);
    if (parsed) return parsed;
  }
  throw badInput(argumentName, 'is not a cursor of this list and ordering; pass a cursor this list returned');
}

function parsePayload(payload: string): { value: CursorValue; id: number } | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2 || !Number.isSafeInteger(parsed[1])) return null;
    const [value, id] = parsed as [unknown, number];
    if (value === null || typeof value === 'string' || typeof value === 'number') return { value, id };
  } catch {
    // not JSON: refused by the caller
  }
  return null;
}
