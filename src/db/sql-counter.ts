import { DefaultLogger, LoggerNamespace, LogContext } from '@mikro-orm/core';

/**
 * Counts the SQL statements each request sends, keyed by the request id the request's EntityManager
 * carries as logger context. Tests and the benchmark read the count to prove relations are batched.
 */
const counts = new Map<string, number>();

/** Told of each statement a request's EntityManager sent: its text without values (null if it had them), time, outcome. */
export type StatementObserver = (requestId: string, text: string | null, tookMs: number, failed: boolean) => void;
let observer: StatementObserver | undefined;

/** Tracing's hook; returns how to unhook it. */
export function observeStatements(next: StatementObserver): () => void {
  observer = next;
  return () => {
    if (observer === next) observer = undefined;
  };
}

export class CountingLogger extends DefaultLogger {
  override log(namespace: LoggerNamespace, message: string, context?: LogContext): void {
    const requestId = context?.requestId as string | undefined;
    if (namespace === 'query' && requestId !== undefined && counts.has(requestId)) {
      counts.set(requestId, (counts.get(requestId) ?? 0) + 1);
    }
    if (namespace === 'query' && requestId !== undefined && observer) {
      // With query-params logging on, the text has the values inlined: then only the statement's time is told.
      const text = this.isEnabled('query-params', context) ? null : (context?.query ?? null);
      observer(requestId, text, Number(context?.took ?? 0), context?.level === 'error');
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
