import type { Config } from '../../config/config';
import { EventHub, type EventBus } from './event-bus';
import { openPgBus } from './pg-bus';
import { openRedisBus } from './redis-bus';

/** Redis pub/sub when REDIS_URL is set (the rate limits already share it), else PostgreSQL LISTEN/NOTIFY. */
export async function openEventBus(
  config: Pick<Config, 'REDIS_URL' | 'REDIS_KEY_PREFIX'>,
  databaseUrl: string,
): Promise<{ bus: EventBus; hub: EventHub }> {
  const hub = new EventHub();
  const bus = config.REDIS_URL
    ? openRedisBus(config.REDIS_URL, config.REDIS_KEY_PREFIX, hub)
    : await openPgBus(databaseUrl, hub);
  return { bus, hub };
}
