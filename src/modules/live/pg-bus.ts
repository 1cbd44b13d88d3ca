import { Client, Pool } from 'pg';
import { logOutage } from '../../db/outage';
import type { EventBus, EventHub } from './event-bus';
import { parseLiveEvent } from './live-event';

const CHANNEL = 'grid_live';
const RECONNECT_MS = 1000;
// A lost connection is a database outage like any other: logged under the same kind, so once per interval.
const log = (detail: string) => logOutage('database outage (database unreachable)', detail);

/**
 * PostgreSQL LISTEN/NOTIFY on one dedicated connection, for deployments without Redis. A lost connection
 * is opened again; events sent while it was down are missed (the notification inbox keeps what matters).
 */
export async function openPgBus(databaseUrl: string, hub: EventHub): Promise<EventBus> {
  let closed = false;
  let listener: Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const client = new Client({ connectionString: databaseUrl });
    client.on('notification', (message) => {
      const event = message.payload ? parseLiveEvent(message.payload) : null;
      if (event) hub.deliver(event);
    });
    client.on('error', (error) => {
      log(`live event listener lost: ${error.message}`);
      listener = null;
      void client.end().catch(() => undefined);
      scheduleReconnect();
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    listener = client;
  };
  const scheduleReconnect = () => {
    if (closed) return;
    retry = setTimeout(() => void connect().catch(scheduleReconnect), RECONNECT_MS);
    retry.unref();
  };
  await connect();
  // A pool, not a client: a dropped publishing connection is replaced on the next event.
  const publisher = new Pool({ connectionString: databaseUrl, max: 2 });
  publisher.on('error', (error) => log(`live event publisher connection lost: ${error.message}`));
  return {
    async publish(event) {
      await publisher.query('select pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      await Promise.allSettled([listener?.end(), publisher.end()]);
    },
  };
}
