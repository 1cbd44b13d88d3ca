import type { EntityManager } from '@mikro-orm/postgresql';
import { idOfType } from '../../common/global-id';
import { badInput, notFound } from '../../common/errors';
import { SecurityLabel } from '../../common/tiers';
import { trimmed } from '../case/case-command.inputs';
import { differences, recordChange } from '../history/change-recorder';
import type { RequestContext } from '../request-context';
import { EndMembershipInput, StartMembershipInput, UpdateMembershipInput } from './membership.inputs';
import { ResidentCategory } from './resident-category.entity';
import { Resident } from './resident.entity';
import { SpecialCategory } from './special-category.entity';
import {
  actorOf,
  assertFieldsWritable,
  assertVersion,
  conflictOn,
  pastDate,
  runCommand,
  writeSubject,
} from './write-support';

const FIELDS = ['since', 'details', 'endedOn', 'endReason'] as const;

/**
 * Special-category memberships (contract §13): started, corrected and ended by grid staff where the
 * resident is, their care details (T4) only by posts that may write T4. Ending keeps the row.
 */
export class MembershipService {
  constructor(private readonly ctx: RequestContext) {}

  start(input: StartMembershipInput): Promise<ResidentCategory> {
    return runCommand(
      this.ctx,
      { name: 'startMembership', clientKey: input.clientKey, entityType: 'ResidentCategory' },
      (id) => this.reload(id),
      (em) => this.startWithin(em, input),
    );
  }

  update(input: UpdateMembershipInput): Promise<ResidentCategory> {
    return runCommand(
      this.ctx,
      { name: 'updateMembership', entityType: 'ResidentCategory' },
      (id) => this.reload(id),
      (em) =>
        this.changeWithin(em, input.id, input.expectedVersion, 'UPDATE', {
          ...(input.since != null ? { since: pastDate('input.since', input.since) } : {}),
          ...(input.details != null ? { details: input.details } : {}),
        }),
    );
  }

  end(input: EndMembershipInput): Promise<ResidentCategory> {
    return runCommand(
      this.ctx,
      { name: 'endMembership', entityType: 'ResidentCategory' },
      (id) => this.reload(id),
      (em) =>
        this.changeWithin(em, input.id, input.expectedVersion, 'END', {
          endedOn: pastDate('input.endedOn', input.endedOn),
          endReason: trimmed(input.reason),
        }),
    );
  }

  private async reload(id: number): Promise<ResidentCategory> {
    const membership = await this.ctx.em.fork().findOne(ResidentCategory, { id });
    if (!membership) throw notFound('ResidentCategory', String(id));
    return membership;
  }

  private async startWithin(em: EntityManager, input: StartMembershipInput): Promise<ResidentCategory> {
    const resident = await em.findOne(Resident, { id: idOfType(input.resident, 'Resident', 'input.resident') });
    if (!resident) throw notFound('Resident', input.resident);
    const category = await em.findOne(SpecialCategory, { code: input.category });
    if (!category) throw badInput('input.category', `"${input.category}" is no special category`);
    const restricted = category.securityLabel === SecurityLabel.RESTRICTED;
    const row = writeSubject('ResidentCategory', { resident: { id: resident.id, gridPath: resident.gridPath } });
    this.ctx.policy.assertCan('create', row, 'start memberships of this resident', resident.id);
    const given = ['since', ...(input.details ? ['details'] : [])];
    assertFieldsWritable(this.ctx, 'update', 'ResidentCategory', row, given, restricted);
    const current = await em.count(ResidentCategory, { resident: resident.id, category: category.id, endedOn: null });
    if (current > 0) throw conflictOn('input.category', `the resident is a member of ${category.code} already`);
    const membership = em.create(ResidentCategory, {
      resident,
      category,
      since: pastDate('input.since', input.since),
      details: input.details ?? null,
    } as never);
    await em.flush();
    this.record(em, membership, resident, restricted, 'START', [
      { field: 'category', old: null, new: category.code },
      ...differences({}, { since: membership.since, details: membership.details ?? null }),
    ]);
    return membership;
  }

  private async changeWithin(
    em: EntityManager,
    id: string,
    expectedVersion: number,
    action: 'UPDATE' | 'END',
    values: Partial<Pick<ResidentCategory, (typeof FIELDS)[number]>>,
  ): Promise<ResidentCategory> {
    const membership = await em.findOne(ResidentCategory, { id: idOfType(id, 'ResidentCategory', 'input.id') });
    if (!membership) throw notFound('ResidentCategory', id);
    const resident = await em.findOneOrFail(Resident, membership.resident.id);
    const restricted = membership.categoryRestricted === true;
    const row = writeSubject('ResidentCategory', { resident: { id: resident.id, gridPath: resident.gridPath } });
    this.ctx.policy.assertCan('create', row, 'change memberships of this resident', resident.id);
    assertFieldsWritable(this.ctx, 'update', 'ResidentCategory', row, Object.keys(values), restricted);
    assertVersion(expectedVersion, membership.version, `Membership ${id}`);
    if (membership.endedOn) throw badInput('input.id', `the membership ended on ${membership.endedOn}`);
    if (values.endedOn && values.endedOn < membership.since)
      throw badInput('input.endedOn', `the membership began on ${membership.since}`);
    const before = Object.fromEntries(FIELDS.map((field) => [field, membership[field] ?? null]));
    Object.assign(membership, values);
    await em.flush();
    this.record(
      em,
      membership,
      resident,
      restricted,
      action,
      differences(before, { ...before, ...values }, [...FIELDS]),
    );
    return membership;
  }

  private record(
    em: EntityManager,
    membership: ResidentCategory,
    resident: Resident,
    restricted: boolean,
    action: string,
    changes: ReturnType<typeof differences>,
  ): void {
    recordChange(em, actorOf(this.ctx.policy.principal), {
      entityType: 'ResidentCategory',
      entityId: membership.id,
      residentId: resident.id,
      gridPath: resident.gridPath,
      action,
      restricted,
      basis: this.ctx.policy.explainRow('Resident', { id: resident.id, gridPath: resident.gridPath }).basis,
      changes,
    });
  }
}
