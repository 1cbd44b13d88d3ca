import type { RequestHandler } from 'express';
import type { Config } from '../config/config';
import type { TokenService } from '../auth/tokens';
import { LimiterStore, openLimiterStore, Spent, spend } from '../auth/limiter-store';
import { LoginGuard } from '../auth/login-guard';

/**
 * Even the cheapest request authenticates its caller (a statement) and is answered: it spends at least this
 * many points, so a flood of tiny queries is bounded like a few large ones.
 */
export const MIN_REQUEST_POINTS = 100;

/** The server's rate limits: operations (a middleware before Apollo) and logins (the guard, in the context). */
export interface RateLimits {
  operations: RequestHandler;
  loginGuard: LoginGuard;
  close(): Promise<void>;
}

export async function openRateLimits(config: Config, tokens: TokenService): Promise<RateLimits> {
  const store = await openLimiterStore(config);
  return {
    operations: operationLimits(store, config, tokens),
    loginGuard: new LoginGuard(store, config),
    close: store.close,
  };
}

/**
 * Each GraphQL request spends its query cost (computed by query-limits.ts, which runs first) from the points
 * of its caller and of its address per RATE_LIMIT_WINDOW_SECONDS. Out of points: HTTP 429 with Retry-After
 * and RATE_LIMITED, before the context loads the caller or any SQL runs.
 */
function operationLimits(store: LimiterStore, config: Config, tokens: TokenService): RequestHandler {
  const window = { durationSeconds: config.RATE_LIMIT_WINDOW_SECONDS };
  const byUser = store.limiter('ops-user', { ...window, points: config.RATE_LIMIT_USER_POINTS });
  const byAddress = store.limiter('ops-ip', { ...window, points: config.RATE_LIMIT_IP_POINTS });
  return async (req, res, next) => {
    const cost = Number(res.locals.queryCost);
    const points = Math.max(MIN_REQUEST_POINTS, Number.isFinite(cost) ? Math.ceil(cost) : 0);
    const userId = await callerOf(tokens, req.headers.authorization);
    const verdicts = await Promise.all([
      spend(byAddress, req.socket.remoteAddress ?? 'unknown', points),
      userId === null ? ALLOWED : spend(byUser, String(userId), points),
    ]);
    const retryAfter = Math.max(0, ...verdicts.map((verdict) => (verdict.allowed ? 0 : verdict.retryAfter)));
    if (retryAfter === 0) return next();
    res
      .status(429)
      .set('retry-after', String(retryAfter))
      .json({
        errors: [{ message: 'Too many requests; try again later', extensions: { code: 'RATE_LIMITED', retryAfter } }],
      });
  };
}

const ALLOWED: Spent = { allowed: true, consumed: 0 };

/** The user a valid token names; anything else counts by address only and is refused by the context. */
async function callerOf(tokens: TokenService, authorization: string | undefined): Promise<number | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return null;
  try {
    return (await tokens.verify(match[1])).userId;
  } catch {
    return null;
  }
}
