import type { EntityManager } from '@mikro-orm/postgresql';
import { idOfType, toGlobalId } from '../../common/global-id';
import { badInput, notFound } from '../../common/errors';
import { Grid } from '../grid/grid.entity';
import { recordChange } from '../history/change-recorder';
import type { RequestContext } from '../request-context';
import { MoveResidentInput } from './resident-registry.inputs';
import { ResidentRegistryService, residentGrid } from './resident-registry.service';
import { ResidentCategory } from './resident-category.entity';
import { Resident } from './resident.entity';
import { actorOf, assertVersion, runCommand, writeSubject } from './write-support';

const MOVED_OUT = 'moved out of the district';

/**
 * Moving a resident between grids (both in the caller's scope: a worker's grids, a leader's community, a
 * street's communities) or out of the district. A move out ends the person's memberships; the record stays,
 * with its history, until it is anonymised.
 */
export class ResidentMoveService {
  constructor(private readonly ctx: RequestContext) {}

  move(input: MoveResidentInput): Promise<Resident> {
    if (!input.toGrid === !input.outOfDistrict)
      throw badInput('input.toGrid', 'give either toGrid or outOfDistrict: true');
    return runCommand(
      this.ctx,
      { name: 'moveResident', clientKey: input.clientKey, entityType: 'Resident' },
      (id) => new ResidentRegistryService(this.ctx).reload(id),
      (em) => this.moveWithin(em, input),
    );
  }

  private async moveWithin(em: EntityManager, input: MoveResidentInput): Promise<Resident> {
    const resident = await em.findOne(Resident, { id: idOfType(input.id, 'Resident', 'input.id') });
    if (!resident) throw notFound('Resident', input.id);
    if (resident.movedOutAt) throw badInput('input.id', 'the resident has moved out of the district already');
    const from = writeSubject('Resident', { id: resident.id, gridPath: resident.gridPath });
    const action = input.toGrid ? 'move' : 'moveOut';
    this.ctx.policy.assertCan(action, from, `${input.toGrid ? 'move' : 'move out'} this resident`, resident.id);
    assertVersion(input.expectedVersion, resident.version, `Resident ${input.id}`);
    const basis = this.ctx.policy.explainRow('Resident', from).basis;
    if (input.toGrid) await this.toGrid(em, resident, input.toGrid, basis);
    else await this.outOfDistrict(em, resident, basis);
    return resident;
  }

  private async toGrid(em: EntityManager, resident: Resident, gridId: string, basis: string): Promise<void> {
    const grid = await residentGrid(this.ctx, gridId, 'input.toGrid');
    if (grid.id === resident.grid.id) throw badInput('input.toGrid', 'the resident lives in that grid already');
    const to = writeSubject('Resident', { id: resident.id, gridPath: grid.path });
    if (!this.ctx.policy.can('move', to)) {
      const refusal = this.ctx.policy.refusal('move', 'Resident', `move residents to grid ${grid.name}`, resident.id);
      Object.assign(refusal.extensions, { argumentName: 'input.toGrid' });
      throw refusal;
    }
    const fromPath = resident.gridPath;
    const fromGrid = toGlobalId('Grid', resident.grid.id);
    resident.grid = em.getReference(Grid, grid.id);
    resident.gridPath = grid.path;
    await em.flush();
    recordChange(em, actorOf(this.ctx.policy.principal), {
      entityType: 'Resident',
      entityId: resident.id,
      residentId: resident.id,
      gridPath: grid.path,
      fromGridPath: fromPath,
      action: 'MOVE',
      basis,
      changes: [{ field: 'grid', old: fromGrid, new: grid.globalId }],
    });
  }

  private async outOfDistrict(em: EntityManager, resident: Resident, basis: string): Promise<void> {
    const now = new Date();
    resident.movedOutAt = now;
    const today = now.toISOString().slice(0, 10);
    const current = await em.find(ResidentCategory, { resident: resident.id, endedOn: null });
    const actor = actorOf(this.ctx.policy.principal);
    for (const membership of current) {
      Object.assign(membership, { endedOn: today, endReason: MOVED_OUT });
      recordChange(em, actor, {
        entityType: 'ResidentCategory',
        entityId: membership.id,
        residentId: resident.id,
        gridPath: resident.gridPath,
        action: 'END',
        basis,
        restricted: membership.categoryRestricted === true,
        changes: [
          { field: 'endedOn', old: null, new: today },
          { field: 'endReason', old: null, new: MOVED_OUT },
        ],
      });
    }
    await em.flush();
    recordChange(em, actor, {
      entityType: 'Resident',
      entityId: resident.id,
      residentId: resident.id,
      gridPath: resident.gridPath,
      fromGridPath: resident.gridPath,
      action: 'MOVE_OUT',
      basis,
      changes: [{ field: 'movedOutAt', old: null, new: now.toISOString() }],
    });
  }
}
