import Redis from 'ioredis';
import type { EventBus, EventHub } from './event-bus';
import { parseLiveEvent } from './live-event';

/** Redis pub/sub: one connection publishes, one listens (a subscribed Redis connection can do nothing else). */
export async function openRedisBus(url: string, prefix: string, hub: EventHub): Promise<EventBus> {
  const channel = `${prefix}:live`;
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const listener = new Redis(url, { lazyConnect: true });
  await Promise.all([publisher.connect(), listener.connect()]);
  listener.on('message', (_channel: string, text: string) => {
    const event = parseLiveEvent(text);
    if (event) hub.deliver(event);
  });
  await listener.subscribe(channel);
  return {
    async publish(event) {
      await publisher.publish(channel, JSON.stringify(event));
    },
    async close() {
      await Promise.allSettled([listener.quit(), publisher.quit()]);
    },
  };
}
