import type { EntityManager } from '@mikro-orm/postgresql';
import { idOfType } from '../../common/global-id';
import { badInput, notFound } from '../../common/errors';
import { trimmed } from '../case/case-command.inputs';
import { Grid } from '../grid/grid.entity';
import { attachToVisit } from '../attachment/attachment-link';
import { recordChange } from '../history/change-recorder';
import type { RequestContext } from '../request-context';
import { ResidentCategory } from '../resident/resident-category.entity';
import { Resident } from '../resident/resident.entity';
import { actorOf, runCommand, writeSubject } from '../resident/write-support';
import { Visit } from '../worker/visit.entity';
import { Worker } from '../worker/worker.entity';
import { RecordVisitInput } from './visit-record.inputs';

const CLOCK_SKEW_MS = 5 * 60_000;
const OLDEST_MS = 366 * 24 * 3_600_000;

/**
 * Recording a visit: by a worker where the resident is, for one of the resident's current memberships (or
 * none); the membership's last visit moves forward, which takes it off the overdue list. Photos named on the
 * input are the caller's own uploads, linked to the visit in the same transaction.
 */
export class VisitRecordService {
  constructor(private readonly ctx: RequestContext) {}

  record(input: RecordVisitInput): Promise<Visit> {
    return runCommand(
      this.ctx,
      { name: 'recordVisit', clientKey: input.clientKey, entityType: 'Visit' },
      (id) => this.reload(id),
      (em) => this.recordWithin(em, input),
    );
  }

  private async reload(id: number): Promise<Visit> {
    const visit = await this.ctx.em.fork().findOne(Visit, { id });
    if (!visit) throw notFound('Visit', String(id));
    return visit;
  }

  private async recordWithin(em: EntityManager, input: RecordVisitInput): Promise<Visit> {
    const resident = await em.findOne(Resident, { id: idOfType(input.resident, 'Resident', 'input.resident') });
    if (!resident) throw notFound('Resident', input.resident);
    const row = writeSubject('Visit', { resident: { id: resident.id, gridPath: resident.gridPath } });
    this.ctx.policy.assertCan('create', row, 'record visits to this resident', resident.id);
    const workerId = this.ctx.policy.principal.workerId;
    if (!workerId) throw this.ctx.policy.refusal('create', 'Visit', 'record visits without a worker record');
    checkTime(input.visitedAt);
    const membership = input.category ? await currentMembership(em, resident, input.category) : null;
    const visit = em.create(Visit, {
      worker: em.getReference(Worker, workerId),
      resident,
      category: membership?.category ?? null,
      grid: em.getReference(Grid, resident.grid.id),
      gridPath: resident.gridPath,
      visitedAt: input.visitedAt,
      notes: trimmed(input.notes),
    } as never);
    const day = input.visitedAt.toISOString().slice(0, 10);
    if (membership && (!membership.lastVisitOn || membership.lastVisitOn < day)) membership.lastVisitOn = day;
    await em.flush();
    const photos = await attachToVisit(em, visit, this.ctx.policy.principal.userId, input.attachmentIds);
    recordChange(em, actorOf(this.ctx.policy.principal), {
      entityType: 'Visit',
      entityId: visit.id,
      residentId: resident.id,
      gridPath: resident.gridPath,
      action: 'RECORD',
      restricted: membership?.categoryRestricted === true,
      basis: this.ctx.policy.explainRow('Resident', { id: resident.id, gridPath: resident.gridPath }).basis,
      changes: [
        { field: 'visitedAt', old: null, new: input.visitedAt.toISOString() },
        { field: 'notes', old: null, new: visit.notes },
        ...(photos.length > 0 ? [{ field: 'attachments', old: null, new: photos.length }] : []),
      ],
    });
    return visit;
  }
}

function checkTime(visitedAt: Date): void {
  const now = Date.now();
  if (visitedAt.getTime() > now + CLOCK_SKEW_MS) throw badInput('input.visitedAt', 'the visit lies in the future');
  if (visitedAt.getTime() < now - OLDEST_MS) throw badInput('input.visitedAt', 'the visit lies more than a year back');
}

async function currentMembership(em: EntityManager, resident: Resident, code: string): Promise<ResidentCategory> {
  const membership = await em.findOne(
    ResidentCategory,
    { resident: resident.id, category: { code }, endedOn: null },
    { populate: ['category'] },
  );
  if (!membership) throw badInput('input.category', `the resident is no current member of ${code}`);
  return membership;
}
