import type { FilterQuery } from '@mikro-orm/postgresql';
import { idOfType } from '../../common/global-id';
import type { RequestContext } from '../../server/context';
import { badInput, conflict, forbidden, notFound } from '../../common/errors';
import { Grid } from '../grid/grid.entity';
import { Resident } from '../resident/resident.entity';
import { User } from '../user/user.entity';
import { EmergencyAccess, EmergencyReview } from './emergency-access.entity';
import { OpenEmergencyAccessInput } from './delegation.inputs';

const MAX_MINUTES = 240;

/**
 * Break-the-glass access (SPEC §7): opened with a reason for at most four hours, closed early by its
 * holder, reviewed by a privacy officer. It cannot be extended: a second one on the same target while
 * the first is open is refused.
 */
export class EmergencyService {
  constructor(private readonly ctx: RequestContext) {}

  list(): Promise<EmergencyAccess[]> {
    const where = this.ctx.policy!.scoped('EmergencyAccess') as FilterQuery<EmergencyAccess>;
    return this.ctx.em.find(EmergencyAccess, where, { orderBy: { id: 'desc' } });
  }

  async open(input: OpenEmergencyAccessInput): Promise<EmergencyAccess> {
    const policy = this.ctx.policy!;
    if (!policy.can('create', 'EmergencyAccess'))
      throw forbidden('Your post may not open emergency access', 'create.EmergencyAccess');
    if (Boolean(input.resident) === Boolean(input.grid))
      throw badInput('input', 'name exactly one of resident or grid');
    if (input.minutes > MAX_MINUTES) throw badInput('input.minutes', `at most ${MAX_MINUTES} minutes`);
    const em = this.ctx.em;
    const resident = input.resident
      ? await em.findOne(Resident, { id: idOfType(input.resident, 'Resident', 'input.resident') })
      : null;
    const grid = input.grid ? await em.findOne(Grid, { id: idOfType(input.grid, 'Grid', 'input.grid') }) : null;
    if (input.resident && !resident) throw badInput('input.resident', `no resident ${input.resident}`);
    if (input.grid && !grid) throw badInput('input.grid', `no grid ${input.grid}`);
    const open = policy.principal.emergencies.find((e) =>
      resident ? e.residentId === resident.id : e.gridPath === grid?.path,
    );
    if (open)
      throw conflict(
        `Emergency access ${open.id} to this target is open until ${open.expiresAt}; it cannot be extended`,
      );
    const access = Object.assign(new EmergencyAccess(), {
      user: em.getReference(User, policy.principal.userId),
      resident,
      grid,
      reason: input.reason.trim(),
      openedAt: new Date(),
      expiresAt: new Date(Date.now() + input.minutes * 60_000),
    });
    await em.persistAndFlush(access);
    return access;
  }

  async close(id: string): Promise<EmergencyAccess> {
    const access = await this.ownOpen(id);
    access.closedAt = new Date();
    await this.ctx.em.flush();
    return access;
  }

  async review(id: string, review: EmergencyReview, note: string): Promise<EmergencyAccess> {
    const policy = this.ctx.policy!;
    if (!policy.can('review', 'EmergencyAccess'))
      throw forbidden('Your post may not review emergency access', 'review.EmergencyAccess');
    const access = await this.ctx.em.findOne(EmergencyAccess, { id: idOfType(id, 'EmergencyAccess') });
    if (!access) throw notFound('EmergencyAccess', id);
    Object.assign(access, {
      review,
      reviewNote: note.trim(),
      reviewedAt: new Date(),
      reviewedBy: this.ctx.em.getReference(User, policy.principal.userId),
    });
    await this.ctx.em.flush();
    return access;
  }

  private async ownOpen(id: string): Promise<EmergencyAccess> {
    const where = this.ctx.policy!.scoped('EmergencyAccess', { id: idOfType(id, 'EmergencyAccess') }, 'update');
    const access = await this.ctx.em.findOne(EmergencyAccess, where as FilterQuery<EmergencyAccess>);
    if (!access) throw notFound('EmergencyAccess', id);
    if (access.closedAt) throw badInput('id', 'this emergency access is already closed');
    return access;
  }
}
