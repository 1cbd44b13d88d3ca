/** A global id decoded: the type it names and the row number. */
export interface GlobalId {
  typeName: string;
  id: number;
}

/**
 * The largest row number an id may carry: keys are int4, and so is the access log's `entity_id`, which names
 * the row of every refusal. A larger number names no row and would overflow the log entry of its NOT_FOUND.
 */
export const MAX_ROW_ID = 2147483647;

/** The row a global id names, or null when it is not one the server could have issued. */
export function parseGlobalId(globalId: string): GlobalId | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):(\d{1,10})$/.exec(decoded);
  if (!match) return null;
  const id = Number(match[2]);
  return id <= MAX_ROW_ID ? { typeName: match[1], id } : null;
}
