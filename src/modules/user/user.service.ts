import { isDemoLogin } from '../../auth/demo-accounts';
import { isRefusal, LoginRefusal } from '../../auth/login-guard';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import { AccessOutcome } from '../../audit/access-log.enums';
import type { RequestContext } from '../request-context';
import { rateLimited, unauthenticated } from '../../common/errors';
import { withoutRowPolicy } from '../../policy/row-filter';
import { User } from './user.entity';

/** A hash of no real password, checked when the username is unknown so both failures take as long. */
let decoyHash: Promise<string> | undefined;

export class UserService {
  constructor(private readonly ctx: RequestContext) {}

  /**
   * Checks a username and password; any mismatch gets the same answer, so logins reveal no usernames.
   * In production a demo login gets that answer too, after the same work, so it reveals nothing either.
   * Attempts are throttled (LoginGuard) before any work, and every outcome is a security event in the
   * access log: a failure names the user only when the username is one, never the password.
   */
  async login(username: string, password: string): Promise<{ token: string; user: User }> {
    const attempt = await this.ctx.loginGuard.begin(username, this.ctx.clientAddress);
    if (isRefusal(attempt)) throw this.refused(attempt);
    // Before login nobody is known, so the row policy cannot apply: the one lookup made without it.
    const user = await this.ctx.em.findOne(
      User,
      { username, active: true },
      { populate: ['passwordHash'], ...withoutRowPolicy() },
    );
    decoyHash ??= hashPassword('decoy password that matches nothing');
    const hash = user?.passwordHash ?? (await decoyHash);
    const valid = await attempt.verify(() => verifyPassword(hash, password));
    if (isRefusal(valid)) throw this.refused(valid);
    const refused = this.ctx.config.NODE_ENV === 'production' && isDemoLogin(username, password);
    if (!user || !valid || refused) {
      const locked = await attempt.failed();
      this.ctx.audit.login(AccessOutcome.DENIED, user?.id ?? null, 'wrong-password');
      if (locked) this.ctx.audit.login(AccessOutcome.DENIED, user?.id ?? null, 'locked');
      throw unauthenticated('Invalid username or password');
    }
    await attempt.succeeded();
    this.ctx.audit.login(AccessOutcome.FULL, user.id, 'password');
    // The entry of a success names who logged in, as every later request of theirs will.
    this.ctx.actor = { userId: user.id, role: user.role, departmentId: user.department?.id ?? null };
    return { token: await this.ctx.tokens.sign(user.id), user };
  }

  /** The same answer for known and unknown usernames; the entry names no user, none having been looked up. */
  private refused(refusal: LoginRefusal) {
    this.ctx.audit.login(AccessOutcome.DENIED, null, refusal.rule);
    const message =
      refusal.rule === 'overloaded'
        ? 'Too many logins are being checked right now; try again shortly'
        : 'Too many login attempts; try again later';
    return rateLimited(message, refusal.retryAfter);
  }

  async me(): Promise<User> {
    const user = await this.ctx.em.findOne(User, { id: this.ctx.policy.principal.userId });
    if (!user) throw unauthenticated('The token names no active user');
    return user;
  }
}
