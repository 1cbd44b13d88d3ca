import { Client, Pool } from 'pg';
import { quietLogger } from '../../common/quiet-log';
import type { EventBus, EventHub } from './event-bus';
import { parseLiveEvent } from './live-event';

const CHANNEL = 'grid_live';
const RECONNECT_MS = 1000;
const log = quietLogger();

/**
 * PostgreSQL LISTEN/NOTIFY on one dedicated connection, for deployments without Redis. A lost connection
 * is opened again; events sent while it was down are missed (the notification inbox keeps what matters).
 */
export async function openPgBus(databaseUrl: string, hub: EventHub): Promise<EventBus> {
  let closed = false;
  let listener: Client | null = null;
  const connect = async (): Promise<void> => {
    const client = new Client({ connectionString: databaseUrl });
    client.on('notification', (message) => {
      const event = message.payload ? parseLiveEvent(message.payload) : null;
      if (event) hub.deliver(event);
    });
    client.on('error', (error) => {
      log('live listener lost', error.message);
      listener = null;
      void client.end().catch(() => undefined);
      if (!closed) setTimeout(() => void connect().catch(() => undefined), RECONNECT_MS).unref();
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    listener = client;
  };
  await connect();
  // A pool, not a client: a dropped publishing connection is replaced on the next event.
  const publisher = new Pool({ connectionString: databaseUrl, max: 2 });
  publisher.on('error', (error) => log('live publisher connection lost', error.message));
  return {
    async publish(event) {
      await publisher.query('select pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
    },
    async close() {
      closed = true;
      await Promise.allSettled([listener?.end(), publisher.end()]);
    },
  };
}
