import type { FilterQuery } from '@mikro-orm/postgresql';
import { idOfType } from '../../common/global-id';
import type { RequestContext } from '../request-context';
import { badInput, conflict, notFound } from '../../common/errors';
import { Grid } from '../grid/grid.entity';
import { Resident } from '../resident/resident.entity';
import { User } from '../user/user.entity';
import { EmergencyAccess, EmergencyReview } from './emergency-access.entity';
import { OpenEmergencyAccessInput } from './delegation.inputs';
import type { ActiveEmergency } from '../../policy/principal';
import { withoutRowPolicy } from '../../policy/row-filter';
import { publishLive } from '../live/event-bus';

/** What an emergency access is opened on: one resident or one level-3 grid, and where it lies. */
interface EmergencyTarget {
  resident: Resident | null;
  grid: Grid | null;
  path: string;
}

const MIN_REASON = 10;
const MAX_MINUTES = 240;

/**
 * Break-the-glass access (contract §7): opened with a reason for at most four hours, closed early by its
 * holder, reviewed by a privacy officer. It cannot be extended: a second one on the same target while
 * the first is open is refused.
 */
export class EmergencyService {
  constructor(private readonly ctx: RequestContext) {}

  list(): Promise<EmergencyAccess[]> {
    // The request's row policy narrows the list to the caller's own accesses (or all, for reviewers).
    return this.ctx.em.find(EmergencyAccess, {}, { orderBy: { id: 'desc' } });
  }

  async open(input: OpenEmergencyAccessInput): Promise<EmergencyAccess> {
    const policy = this.ctx.policy;
    policy.assertCan('create', 'EmergencyAccess', 'open emergency access');
    if (Boolean(input.resident) === Boolean(input.grid))
      throw badInput('input', 'name exactly one of resident or grid');
    if (input.minutes > MAX_MINUTES) throw badInput('input.minutes', `at most ${MAX_MINUTES} minutes`);
    if (input.reason.trim().length < MIN_REASON)
      throw badInput('input.reason', `state the reason in at least ${MIN_REASON} characters`);
    const target = await this.target(input);
    await this.assertNoOverlap(target);
    const em = this.ctx.em;
    const access = Object.assign(new EmergencyAccess(), {
      user: em.getReference(User, policy.principal.userId),
      resident: target.resident,
      grid: target.grid,
      reason: input.reason.trim(),
      openedAt: new Date(),
      expiresAt: new Date(Date.now() + input.minutes * 60_000),
    });
    await em.persistAndFlush(access);
    publishLive({ kind: 'emergency', emergencyAccessId: access.id });
    return access;
  }

  /**
   * The resident or level-3 grid asked for. The target lies outside the caller's scope by design, so its
   * existence and place are looked up without the row policy; nothing of it is returned before the grant.
   */
  private async target(input: OpenEmergencyAccessInput): Promise<EmergencyTarget> {
    const em = this.ctx.em;
    if (input.resident) {
      const id = idOfType(input.resident, 'Resident', 'input.resident');
      const resident = await em.findOne(Resident, { id }, withoutRowPolicy());
      if (!resident) throw badInput('input.resident', `no resident ${input.resident}`);
      return { resident, grid: null, path: resident.gridPath };
    }
    const grid = await em.findOne(Grid, { id: idOfType(input.grid!, 'Grid', 'input.grid') });
    if (!grid) throw badInput('input.grid', `no grid ${input.grid}`);
    if (grid.level < 3)
      throw badInput('input.grid', 'emergency access covers one resident or one level-3 grid, never a wider area');
    return { resident: null, grid, path: grid.path };
  }

  /** One open grant at a time over any resident: none may overlap an open one, nor be extended by one. */
  private async assertNoOverlap(target: EmergencyTarget): Promise<void> {
    const open = this.ctx.policy.principal.emergencies;
    const residentIds = open.filter((e) => e.residentId !== null).map((e) => e.residentId!);
    const residents = residentIds.length
      ? await this.ctx.em.find(Resident, { id: { $in: residentIds } }, withoutRowPolicy())
      : [];
    const pathOf = (e: ActiveEmergency) => e.gridPath ?? residents.find((r) => r.id === e.residentId)?.gridPath;
    const overlapping = open.find((e) => {
      if (target.resident)
        return e.residentId === target.resident.id || (e.gridPath !== null && target.path.startsWith(e.gridPath));
      const path = pathOf(e);
      return path !== undefined && (path.startsWith(target.path) || target.path.startsWith(path));
    });
    if (overlapping)
      throw conflict(
        `Emergency access ${overlapping.id} overlapping this target is open until ${overlapping.expiresAt}; it cannot be widened or extended`,
      );
  }

  async close(id: string): Promise<EmergencyAccess> {
    const access = await this.ownOpen(id);
    access.closedAt = new Date();
    await this.ctx.em.flush();
    return access;
  }

  async review(id: string, review: EmergencyReview, note: string): Promise<EmergencyAccess> {
    const policy = this.ctx.policy;
    policy.assertCan('review', 'EmergencyAccess', 'review emergency access');
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
    const where = this.ctx.policy.scoped('EmergencyAccess', { id: idOfType(id, 'EmergencyAccess') }, 'update');
    const access = await this.ctx.em.findOne(EmergencyAccess, where as FilterQuery<EmergencyAccess>);
    if (!access) throw notFound('EmergencyAccess', id);
    if (access.closedAt) throw badInput('id', 'this emergency access is already closed');
    return access;
  }
}
