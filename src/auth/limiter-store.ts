import Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config/config';
import { quietLogger } from '../common/quiet-log';

export interface LimiterOptions {
  points: number;
  durationSeconds: number;
  /** Once over its points, a key stays refused this long from then (default: until its window ends). */
  blockSeconds?: number;
}

/** Where the counters live: this process's memory, or Redis so that every instance counts together. */
export interface LimiterStore {
  limiter(name: string, options: LimiterOptions): RateLimiterAbstract;
  close(): Promise<void>;
}

/** How long start-up waits for Redis to answer before counting in the process until it does. */
const CONNECT_WAIT_MS = 5000;
const log = quietLogger();

export async function openLimiterStore(config: Pick<Config, 'REDIS_URL' | 'REDIS_KEY_PREFIX'>): Promise<LimiterStore> {
  if (!config.REDIS_URL) return { limiter: memoryLimiter, close: async () => undefined };
  // Without an offline queue a command fails at once while Redis is away, and the in-process insurance
  // limiter counts instead: limits stay on (per process) rather than every request waiting or failing.
  const client = new Redis(config.REDIS_URL, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  client.on('error', (error: Error) =>
    log('rate limit store unavailable', `${error.message}; counting in this process until Redis answers`),
  );
  await ready(client);
  return {
    limiter: (name, options) =>
      new RateLimiterRedis({
        storeClient: client,
        keyPrefix: `${config.REDIS_KEY_PREFIX}:${name}`,
        points: options.points,
        duration: options.durationSeconds,
        blockDuration: options.blockSeconds ?? 0,
        insuranceLimiter: memoryLimiter(name, options),
      }),
    close: async () => {
      client.disconnect();
    },
  };
}

function memoryLimiter(name: string, options: LimiterOptions): RateLimiterAbstract {
  return new RateLimiterMemory({
    keyPrefix: name,
    points: options.points,
    duration: options.durationSeconds,
    blockDuration: options.blockSeconds ?? 0,
  });
}

/** Resolves when Redis is ready, or at its first error: then the in-process counters serve until it is. */
function ready(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, CONNECT_WAIT_MS);
    client.once('ready', done);
    client.once('error', done);
  });
}

/** A consumption's verdict: allowed with what it left, or refused with the seconds until it is allowed again. */
export type Spent = { allowed: true; consumed: number } | { allowed: false; retryAfter: number };

/** Spends points, turning the library's rejection into a verdict; a store error (no insurance) is thrown. */
export async function spend(limiter: RateLimiterAbstract, key: string, points: number): Promise<Spent> {
  try {
    const result = await limiter.consume(key, points);
    return { allowed: true, consumed: result.consumedPoints };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfter: secondsOf(rejection.msBeforeNext) };
    throw rejection;
  }
}

export function secondsOf(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
