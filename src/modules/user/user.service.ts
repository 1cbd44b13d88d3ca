import { isDemoLogin } from '../../auth/demo-accounts';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import type { RequestContext } from '../request-context';
import { unauthenticated } from '../../common/errors';
import { withoutRowPolicy } from '../../policy/row-filter';
import { User } from './user.entity';

/** A hash of no real password, checked when the username is unknown so both failures take as long. */
let decoyHash: Promise<string> | undefined;

export class UserService {
  constructor(private readonly ctx: RequestContext) {}

  /**
   * Checks a username and password; any mismatch gets the same answer, so logins reveal no usernames.
   * In production a demo login gets that answer too, after the same work, so it reveals nothing either.
   */
  async login(username: string, password: string): Promise<{ token: string; user: User }> {
    // Before login nobody is known, so the row policy cannot apply: the one lookup made without it.
    const user = await this.ctx.em.findOne(
      User,
      { username, active: true },
      { populate: ['passwordHash'], ...withoutRowPolicy() },
    );
    decoyHash ??= hashPassword('decoy password that matches nothing');
    const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash), password);
    const refused = this.ctx.config.NODE_ENV === 'production' && isDemoLogin(username, password);
    if (!user || !valid || refused) throw unauthenticated('Invalid username or password');
    return { token: await this.ctx.tokens.sign(user.id), user };
  }

  async me(): Promise<User> {
    const user = await this.ctx.em.findOne(User, { id: this.ctx.policy.principal.userId });
    if (!user) throw unauthenticated('The token names no active user');
    return user;
  }
}
