import { idOfType } from '../../common/global-id';
import type { RequestContext } from '../request-context';
import { badInput, conflict, notFound } from '../../common/errors';
import { User } from '../user/user.entity';
import { LegalHold } from './legal-hold.entity';
import { assertPeriod, assertReviewer } from './reviewer';

const MIN_REASON = 10;
const MAX_REASON = 500;

/** Legal holds on the access log, placed and lifted by the posts that review it. */
export class LegalHoldService {
  constructor(private readonly ctx: RequestContext) {}

  list(): Promise<LegalHold[]> {
    assertReviewer(this.ctx.policy, 'see legal holds');
    return this.ctx.em.find(LegalHold, {}, { orderBy: { id: 'desc' } });
  }

  async place(from: Date, to: Date, reason: string): Promise<LegalHold> {
    const policy = this.ctx.policy;
    assertReviewer(policy, 'place a legal hold');
    assertPeriod(from, to);
    const text = reason.trim();
    if (text.length < MIN_REASON || text.length > MAX_REASON)
      throw badInput('reason', `must be ${MIN_REASON} to ${MAX_REASON} characters`);
    const hold = Object.assign(new LegalHold(), {
      heldFrom: from,
      heldUntil: to,
      reason: text,
      placedBy: this.ctx.em.getReference(User, policy.principal.userId),
    });
    await this.ctx.em.persistAndFlush(hold);
    return hold;
  }

  /** From the next maintenance run on, the period it held is subject to retention again. */
  async lift(id: string): Promise<LegalHold> {
    const policy = this.ctx.policy;
    assertReviewer(policy, 'lift a legal hold');
    const hold = await this.ctx.em.findOne(LegalHold, { id: idOfType(id, 'LegalHold') });
    if (!hold) throw notFound('LegalHold', id);
    if (hold.liftedAt) throw conflict(`Legal hold ${id} was already lifted at ${hold.liftedAt.toISOString()}`);
    Object.assign(hold, { liftedAt: new Date(), liftedBy: this.ctx.em.getReference(User, policy.principal.userId) });
    await this.ctx.em.flush();
    return hold;
  }
}
