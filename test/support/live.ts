import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

type Result = FormattedExecutionResult<Record<string, unknown>, unknown>;

/** One subscription as a client sees it: the results received so far, and a way to wait for the next. */
export interface Subscription {
  results: Result[];
  /** Resolves with the first result (from now on, or already received) that `match` accepts. */
  waitFor(match: (result: Result) => boolean, timeoutMs?: number): Promise<Result>;
  /** Resolves when the server ended the subscription (complete or error). */
  ended: Promise<unknown>;
  stop(): void;
}

/** A graphql-ws client of the API at `httpUrl` (…/graphql), authenticated in connection_init. */
export function liveClient(httpUrl: string, token: string | null, onClose?: (code: number) => void): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => onClose?.((event as { code: number }).code) },
  });
}

export function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}): Subscription {
  const results: Result[] = [];
  const waiters: (() => void)[] = [];
  let end!: (value: unknown) => void;
  const ended = new Promise((resolve) => (end = resolve));
  const stop = client.subscribe<Record<string, unknown>>(
    { query, variables },
    {
      next: (result) => {
        results.push(result);
        waiters.forEach((wake) => wake());
      },
      error: (error) => end(error),
      complete: () => end('complete'),
    },
  );
  return {
    results,
    ended,
    stop,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching event; got ${JSON.stringify(results)}`)),
          timeoutMs,
        );
        const check = () => {
          const found = results.find(match);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
        };
        waiters.push(check);
        check();
      });
    },
  };
}
