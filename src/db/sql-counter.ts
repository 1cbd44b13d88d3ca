import { DefaultLogger, LoggerNamespace, LogContext } from '@mikro-orm/core';

/**
 * Counts the SQL statements each request sends, keyed by the request id the request's EntityManager
 * carries as logger context. Tests and the benchmark read the count to prove relations are batched.
 */
const counts = new Map<string, number>();

export class CountingLogger extends DefaultLogger {
  override log(namespace: LoggerNamespace, message: string, context?: LogContext): void {
    const requestId = context?.requestId as string | undefined;
    if (namespace === 'query' && requestId !== undefined && counts.has(requestId)) {
      counts.set(requestId, (counts.get(requestId) ?? 0) + 1);
    }
    if (process.env.SQL_LOG === 'on') super.log(namespace, message, context);
  }

  override isEnabled(namespace: LoggerNamespace, context?: LogContext): boolean {
    if (namespace === 'query') return true;
    return super.isEnabled(namespace, context);
  }
}

export function startCounting(requestId: string): void {
  counts.set(requestId, 0);
}

/** Returns the statements counted for the request and forgets it. */
export function stopCounting(requestId: string): number {
  const count = counts.get(requestId) ?? 0;
  counts.delete(requestId);
  return count;
}

/** A statement sent past the ORM (a prepared one, src/db/prepared.ts), counted like the ORM's. */
export function countStatement(requestId: string | undefined): void {
  if (requestId !== undefined && counts.has(requestId)) counts.set(requestId, (counts.get(requestId) ?? 0) + 1);
}
