import { createHash } from 'node:crypto';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config/config';
import { LimiterStore, spend } from './limiter-store';
import { WorkGate } from './work-gate';

/**
 * Why a login was refused without checking its password: the username is locked, the address has failed too
 * often, or too many password checks are running already. The answer is the same whether the username exists.
 */
export interface LoginRefusal {
  rule: 'locked' | 'rate-limited' | 'overloaded';
  retryAfter: number;
}

/** A full queue clears within a fraction of a second: a password check takes about 20 ms. */
const OVERLOADED_RETRY_SECONDS = 1;

export function isRefusal(value: unknown): value is LoginRefusal {
  return typeof value === 'object' && value !== null && 'retryAfter' in value;
}

/** What attempts count on and are bounded by: shared by every attempt of one server. */
interface Counters {
  byUsername: RateLimiterAbstract;
  byAddress: RateLimiterAbstract;
  checks: WorkGate;
  lockoutSeconds: number;
}

/**
 * Throttles password guessing. Every attempt is counted against its username and its address before the
 * password is checked (so parallel guesses cannot slip past the count); a success clears the username's
 * count and refunds the address. LOGIN_MAX_FAILURES failures lock the username for LOGIN_LOCKOUT_MINUTES,
 * whoever tries next, with the right password too; unknown usernames count and lock alike.
 */
export class LoginGuard {
  private readonly counters: Counters;

  constructor(store: LimiterStore, config: Config) {
    const lockoutSeconds = config.LOGIN_LOCKOUT_MINUTES * 60;
    const window = { durationSeconds: lockoutSeconds };
    this.counters = {
      byUsername: store.limiter('login-user', { ...window, points: config.LOGIN_MAX_FAILURES }),
      byAddress: store.limiter('login-ip', {
        ...window,
        points: config.LOGIN_IP_MAX_FAILURES,
        blockSeconds: lockoutSeconds,
      }),
      checks: new WorkGate(config.LOGIN_VERIFY_CONCURRENCY, config.LOGIN_VERIFY_QUEUE),
      lockoutSeconds,
    };
  }

  async begin(username: string, address: string | null): Promise<LoginAttempt | LoginRefusal> {
    const { byUsername, byAddress } = this.counters;
    const addressKey = address ?? 'unknown';
    // Usernames are hashed: the store holds no login names, and a long one makes no long key.
    const usernameKey = createHash('sha256').update(username).digest('base64url');
    const fromAddress = await spend(byAddress, addressKey, 1);
    if (!fromAddress.allowed) return { rule: 'rate-limited', retryAfter: fromAddress.retryAfter };
    const ofUsername = await spend(byUsername, usernameKey, 1);
    if (!ofUsername.allowed) {
      // A locked username's refusals cost nothing, so they do not count against a shared office address.
      await byAddress.reward(addressKey, 1);
      return { rule: 'locked', retryAfter: ofUsername.retryAfter };
    }
    return new LoginAttempt(this.counters, usernameKey, addressKey, ofUsername.consumed);
  }
}

/** One counted attempt: its password is checked within the bound, then it is settled as a success or a failure. */
export class LoginAttempt {
  constructor(
    private readonly counters: Counters,
    private readonly usernameKey: string,
    private readonly addressKey: string,
    private readonly failures: number,
  ) {}

  /** The check's verdict, or a refusal when too many checks are running and waiting (not counted as a failure). */
  async verify(check: () => Promise<boolean>): Promise<boolean | LoginRefusal> {
    const result = await this.counters.checks.run(check);
    if (result) return result.value;
    const { byUsername, byAddress } = this.counters;
    await Promise.all([byUsername.reward(this.usernameKey, 1), byAddress.reward(this.addressKey, 1)]);
    return { rule: 'overloaded', retryAfter: OVERLOADED_RETRY_SECONDS };
  }

  /** Clears the username's failures; the address gets its point back (only failures count against it). */
  async succeeded(): Promise<void> {
    const { byUsername, byAddress } = this.counters;
    await Promise.all([byUsername.delete(this.usernameKey), byAddress.reward(this.addressKey, 1)]);
  }

  /**
   * The attempt stays counted; true when it was the failure that reached the limit. Then the username is
   * locked for the whole lockout time from now, not only for what is left of the counting window.
   */
  async failed(): Promise<boolean> {
    const { byUsername, lockoutSeconds } = this.counters;
    if (this.failures < byUsername.points) return false;
    await byUsername.block(this.usernameKey, lockoutSeconds);
    return true;
  }
}
