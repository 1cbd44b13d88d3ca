import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { idOfType, toGlobalId } from '../../common/global-id';
import { badInput, notFound } from '../../common/errors';
import { trimmed } from '../case/case-command.inputs';
import { Grid } from '../grid/grid.entity';
import type { StoredFieldChange } from '../history/change-entry.entity';
import { recordChange } from '../history/change-recorder';
import { runSql } from '../../db/sql';
import type { RequestContext } from '../request-context';
import { CreateHouseholdInput, HouseholdMemberInput } from './household.inputs';
import { Household } from './household.entity';
import { residentGrid } from './resident-registry.service';
import { Resident } from './resident.entity';
import { actorOf, assertVersion, conflictOn, runCommand, writeSubject } from './write-support';

type MemberChange = 'ADD_MEMBER' | 'REMOVE_MEMBER' | 'SET_HEAD';

/** Households (户) kept by grid staff: created in a grid of their scope, members and head set there. */
export class HouseholdService {
  constructor(private readonly ctx: RequestContext) {}

  create(input: CreateHouseholdInput): Promise<Household> {
    return runCommand(
      this.ctx,
      { name: 'createHousehold', clientKey: input.clientKey, entityType: 'Household' },
      (id) => this.reload(id),
      (em) => this.createWithin(em, input),
    );
  }

  change(action: MemberChange, input: HouseholdMemberInput): Promise<Household> {
    return runCommand(
      this.ctx,
      { name: action, entityType: 'Household' },
      (id) => this.reload(id),
      (em) => this.changeWithin(em, action, input),
    );
  }

  /** Members of a household the caller may see: each one's own row rule applies. */
  members(household: Household): Promise<Resident[]> {
    return this.ctx.loaders.manyBy(Resident, 'household').load(household.id);
  }

  private async reload(id: number): Promise<Household> {
    const household = await this.ctx.em.fork().findOne(Household, { id });
    if (!household) throw notFound('Household', String(id));
    return household;
  }

  private async createWithin(em: EntityManager, input: CreateHouseholdInput): Promise<Household> {
    const grid = await residentGrid(this.ctx, input.grid, 'input.grid');
    this.ctx.policy.assertCan(
      'create',
      writeSubject('Household', { gridPath: grid.path }),
      `create households in ${grid.name}`,
    );
    const household = em.create(Household, {
      code: input.code.trim(),
      address: trimmed(input.address),
      grid: em.getReference(Grid, grid.id),
      gridPath: grid.path,
    } as never);
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw conflictOn('input.code', 'this household number is registered already');
      throw error;
    }
    this.record(em, household, 'CREATE', [
      { field: 'code', old: null, new: household.code },
      { field: 'address', old: null, new: household.address },
    ]);
    return household;
  }

  private async changeWithin(em: EntityManager, action: MemberChange, input: HouseholdMemberInput): Promise<Household> {
    const household = await em.findOne(Household, { id: idOfType(input.household, 'Household', 'input.household') });
    if (!household) throw notFound('Household', input.household);
    const row = writeSubject('Household', { id: household.id, gridPath: household.gridPath });
    this.ctx.policy.assertCan('update', row, 'change this household', household.id);
    assertVersion(input.expectedVersion, household.version, `Household ${input.household}`);
    const resident = await em.findOne(Resident, { id: idOfType(input.resident, 'Resident', 'input.resident') });
    if (!resident) throw notFound('Resident', input.resident);
    const member = resident.household?.id === household.id;
    if (action === 'ADD_MEMBER' && member) throw badInput('input.resident', 'is a member already');
    if (action !== 'ADD_MEMBER' && !member) throw badInput('input.resident', 'is no member of this household');
    const residentId = toGlobalId('Resident', resident.id);
    const headBefore = household.head ? toGlobalId('Resident', household.head.id) : null;
    if (action === 'ADD_MEMBER') resident.household = household;
    if (action === 'REMOVE_MEMBER') {
      resident.household = null;
      if (household.head?.id === resident.id) household.head = null;
    }
    if (action === 'SET_HEAD') household.head = resident;
    await em.flush();
    // A member list lives on the residents' rows: the household's version rises for it all the same.
    if (action !== 'SET_HEAD') {
      await runSql(em, 'update household set version = version + 1 where id = ?', [household.id]);
      await em.refresh(household);
    }
    const headAfter = household.head ? toGlobalId('Resident', household.head.id) : null;
    this.record(em, household, action, [
      ...(action === 'SET_HEAD' || headBefore !== headAfter
        ? [{ field: 'head', old: headBefore, new: headAfter }]
        : []),
      ...(action === 'SET_HEAD'
        ? []
        : [
            {
              field: 'members',
              old: action === 'ADD_MEMBER' ? null : residentId,
              new: action === 'ADD_MEMBER' ? residentId : null,
            },
          ]),
    ]);
    return household;
  }

  private record(em: EntityManager, household: Household, action: string, changes: StoredFieldChange[]): void {
    recordChange(em, actorOf(this.ctx.policy.principal), {
      entityType: 'Household',
      entityId: household.id,
      gridPath: household.gridPath,
      action,
      basis: this.ctx.policy.explainRow('Household', { id: household.id, gridPath: household.gridPath }).basis,
      changes,
    });
  }
}
