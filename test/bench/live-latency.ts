import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Cast } from './cast';
import type { LoadResult } from './load';

/** W7: how long a committed report takes to reach each of many subscribers, while writes go on. */
export interface DeliveryLatency {
  subscribers: number;
  deliveries: number;
  p50: number;
  p95: number;
  p99: number;
}

const SUBSCRIPTION = 'subscription W7 { caseChanged { change case { id reportedAt } } }';

/**
 * Connects `count` command-centre subscribers, runs `writes` (W5), and measures for every report event each
 * subscriber receives the time from the case's report (stamped by the server just before its commit) to
 * its arrival: commit, bus, per-subscriber policy and access log, socket. Server and clients share a clock.
 */
export async function measureDelivery(
  apiUrl: string,
  cast: Cast,
  count: number,
  writes: () => Promise<LoadResult>,
): Promise<DeliveryLatency> {
  const latencies: number[] = [];
  const clients: Client[] = [];
  for (let i = 0; i < count; i++) {
    const client = createClient({
      url: apiUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${cast.center.token}` },
      retryAttempts: 0,
      lazy: false,
    });
    clients.push(client);
    client.subscribe<{ caseChanged: { change: string; case: { reportedAt: string } | null } }>(
      { query: SUBSCRIPTION },
      {
        next: ({ data }) => {
          const change = data?.caseChanged;
          if (change?.change === 'report' && change.case)
            latencies.push(Date.now() - Date.parse(change.case.reportedAt));
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
  }
  // Let every subscription reach the server before the first write.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await writes();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await Promise.all(clients.map((client) => client.dispose()));
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { subscribers: count, deliveries: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
