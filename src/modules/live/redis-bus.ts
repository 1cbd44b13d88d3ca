import Redis from 'ioredis';
import { quietLogger } from '../../common/quiet-log';
import type { EventBus, EventHub } from './event-bus';
import { parseLiveEvent } from './live-event';

const log = quietLogger();

/**
 * Redis pub/sub: one connection publishes, one listens (a subscribed connection can do nothing else). The
 * service starts while Redis is down, as the rate limits do: the listener subscribes once Redis answers,
 * and events published meanwhile are lost (the notification inbox keeps what a recipient must not miss).
 */
export function openRedisBus(url: string, prefix: string, hub: EventHub): EventBus {
  const channel = `${prefix}:live`;
  const publisher = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const listener = new Redis(url);
  for (const connection of [publisher, listener])
    connection.on('error', (error: Error) => log('event bus (Redis) unavailable', error.message));
  listener.on('message', (_channel: string, text: string) => {
    const event = parseLiveEvent(text);
    if (event) hub.deliver(event);
  });
  listener.subscribe(channel).catch((error: Error) => log('event bus (Redis) not subscribed', error.message));
  return {
    async publish(event) {
      await publisher.publish(channel, JSON.stringify(event));
    },
    async close() {
      publisher.disconnect();
      listener.disconnect();
    },
  };
}
