import type { EntityManager } from '@mikro-orm/postgresql';
import { idOfType } from '../../common/global-id';
import { badInput, forbidden, notFound } from '../../common/errors';
import { trimmed } from '../case/case-command.inputs';
import type { RequestContext } from '../request-context';
import { ChangeRequest, ChangeRequestStatus } from './change-request.entity';
import { RejectChangeRequestInput } from './change-request.inputs';
import { RESIDENT_FIELDS, UpdateResidentInput } from './resident-registry.inputs';
import { ResidentRegistryService } from './resident-registry.service';
import { Resident } from './resident.entity';
import { assertFieldsWritable, assertVersion, conflictOn, runCommand, writeSubject } from './write-support';

/** The most requests a list answers with at once. */
export const MAX_REQUESTS = 200;

/**
 * A resident's corrections of their own record (PIPL art. 46): filed by the resident, decided by the staff
 * of the resident's grid. Who may do what is the policy's (requestChange, confirmChange); which requests a
 * caller sees is the row policy's, so a worker outside the grid finds none.
 */
export class ChangeRequestService {
  constructor(private readonly ctx: RequestContext) {}

  file(input: UpdateResidentInput): Promise<ChangeRequest> {
    return runCommand(
      this.ctx,
      { name: 'requestChange', clientKey: input.clientKey, entityType: 'ChangeRequest' },
      (id) => this.reload(id),
      (em) => this.fileWithin(em, input),
    );
  }

  /** Applies the request through the registry's own update: validation, version check, change history. */
  confirm(id: string): Promise<ChangeRequest> {
    return runCommand(
      this.ctx,
      { name: 'confirmChangeRequest', entityType: 'ChangeRequest' },
      (requestId) => this.reload(requestId),
      async (em) => {
        const request = await this.pending(em, id);
        await new ResidentRegistryService(this.ctx).updateWithin(em, {
          id: request.residentGlobalId,
          expectedVersion: request.baseVersion,
          phone: request.phone,
          address: request.address,
        });
        return this.decide(request, ChangeRequestStatus.CONFIRMED, null);
      },
    );
  }

  reject(input: RejectChangeRequestInput): Promise<ChangeRequest> {
    return runCommand(
      this.ctx,
      { name: 'rejectChangeRequest', entityType: 'ChangeRequest' },
      (requestId) => this.reload(requestId),
      async (em) => this.decide(await this.pending(em, input.id), ChangeRequestStatus.REJECTED, trimmed(input.reason)),
    );
  }

  /** Requests in the caller's scope with a status, oldest first: the row policy decides which, in SQL. */
  list(status: ChangeRequestStatus, first: number): Promise<ChangeRequest[]> {
    return this.ctx.em.find(
      ChangeRequest,
      { status },
      { orderBy: { id: 'asc' }, limit: Math.min(first, MAX_REQUESTS), populate: ['resident'] },
    );
  }

  /** The caller's own requests, newest first; a post without a resident record of its own has none. */
  mine(): Promise<ChangeRequest[]> {
    const residentId = this.ctx.policy.principal.residentId;
    if (residentId == null) throw forbidden('only a resident has change requests of their own');
    return this.ctx.em.find(
      ChangeRequest,
      { resident: residentId },
      { orderBy: { id: 'desc' }, limit: MAX_REQUESTS, populate: ['resident'] },
    );
  }

  private async fileWithin(em: EntityManager, input: UpdateResidentInput): Promise<ChangeRequest> {
    const resident = await em.findOne(Resident, { id: idOfType(input.id, 'Resident', 'input.id') });
    if (!resident) throw notFound('Resident', input.id);
    const row = writeSubject('Resident', { id: resident.id, gridPath: resident.gridPath });
    this.ctx.policy.assertCan('requestChange', row, 'ask for corrections of this record', resident.id);
    const given = RESIDENT_FIELDS.filter((field) => input[field] != null);
    assertFieldsWritable(this.ctx, 'requestChange', 'Resident', row, given);
    if (given.length === 0) throw badInput('input', 'give the phone or the address to correct');
    assertVersion(input.expectedVersion, resident.version, `Resident ${input.id}`);
    return em.create(ChangeRequest, {
      resident,
      baseVersion: resident.version,
      phone: input.phone ?? null,
      address: input.address == null ? null : trimmed(input.address),
    } as never);
  }

  private async pending(em: EntityManager, id: string): Promise<ChangeRequest> {
    const request = await em.findOne(
      ChangeRequest,
      { id: idOfType(id, 'ChangeRequest', 'id') },
      { populate: ['resident'] },
    );
    if (!request) throw notFound('ChangeRequest', id);
    const row = writeSubject('Resident', { id: request.resident.id, gridPath: request.resident.gridPath });
    this.ctx.policy.assertCan('confirmChange', row, 'decide residents’ change requests', request.resident.id);
    if (request.status !== ChangeRequestStatus.PENDING)
      throw conflictOn('id', `the request was ${request.status.toLowerCase()} already`);
    return request;
  }

  private decide(request: ChangeRequest, status: ChangeRequestStatus, reason: string | null): ChangeRequest {
    Object.assign(request, {
      status,
      reason,
      decidedAt: new Date(),
      decidedBy: this.ctx.policy.principal.username,
    });
    return request;
  }

  private async reload(id: number): Promise<ChangeRequest> {
    const request = await this.ctx.em.fork().findOne(ChangeRequest, { id }, { populate: ['resident'] });
    if (!request) throw notFound('ChangeRequest', String(id));
    return request;
  }
}
