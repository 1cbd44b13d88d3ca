import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { idOfType } from '../../common/global-id';
import { badInput, notFound } from '../../common/errors';
import { idNumberBirthDate, idNumberGender, isValidIdNumber } from '../../common/id-number';
import { runSql } from '../../db/sql';
import { trimmed } from '../case/case-command.inputs';
import { Grid } from '../grid/grid.entity';
import { differences, recordChange } from '../history/change-recorder';
import type { RequestContext } from '../request-context';
import { RegisterResidentInput, RESIDENT_FIELDS, ResidentField, UpdateResidentInput } from './resident-registry.inputs';
import { Resident } from './resident.entity';
import {
  actorOf,
  assertFieldsWritable,
  assertVersion,
  conflictOn,
  pastDate,
  runCommand,
  writeSubject,
} from './write-support';

/** The lowest level a resident is registered at: a grid (网格), not a community or a street. */
export const RESIDENT_GRID_LEVEL = 3;

type Values = Partial<Record<ResidentField, string | null>>;

/** Registering and updating residents (contract §13): checked, allowed by the policy, one transaction each. */
export class ResidentRegistryService {
  constructor(private readonly ctx: RequestContext) {}

  register(input: RegisterResidentInput): Promise<Resident> {
    return runCommand(
      this.ctx,
      { name: 'registerResident', clientKey: input.clientKey, entityType: 'Resident' },
      (id) => this.reload(id),
      (em) => this.registerWithin(em, input),
    );
  }

  update(input: UpdateResidentInput): Promise<Resident> {
    return runCommand(
      this.ctx,
      { name: 'updateResident', clientKey: input.clientKey, entityType: 'Resident' },
      (id) => this.reload(id),
      (em) => this.updateWithin(em, input),
    );
  }

  /** The resident as the caller may see it now. */
  async reload(id: number): Promise<Resident> {
    const resident = await this.ctx.em.fork().findOne(Resident, { id });
    if (!resident) throw notFound('Resident', String(id));
    return resident;
  }

  private async registerWithin(em: EntityManager, input: RegisterResidentInput): Promise<Resident> {
    const grid = await residentGrid(this.ctx, input.grid, 'input.grid');
    const facts = writeSubject('Resident', { gridPath: grid.path });
    this.ctx.policy.assertCan('create', facts, `register residents in grid ${grid.name}`);
    const values = checkedValues(input as Values, input as Values);
    await assertIdNumberFree(em, values.idNumber!, null);
    const resident = em.create(Resident, {
      ...(values as Record<string, string>),
      phone: values.phone ?? null,
      grid: em.getReference(Grid, grid.id),
      gridPath: grid.path,
    } as never);
    await flushOrConflict(em);
    recordChange(em, actorOf(this.ctx.policy.principal), {
      entityType: 'Resident',
      entityId: resident.id,
      residentId: resident.id,
      gridPath: grid.path,
      action: 'REGISTER',
      basis: this.ctx.policy.explainRow('Resident', { gridPath: grid.path }).basis,
      changes: differences({}, { ...values, grid: grid.globalId }, [...RESIDENT_FIELDS, 'grid']),
    });
    return resident;
  }

  /** An update inside a command's transaction; a confirmed change request applies itself through it. */
  async updateWithin(em: EntityManager, input: UpdateResidentInput): Promise<Resident> {
    const resident = await em.findOne(Resident, { id: idOfType(input.id, 'Resident', 'input.id') });
    if (!resident) throw notFound('Resident', input.id);
    const row = writeSubject('Resident', { id: resident.id, gridPath: resident.gridPath });
    this.ctx.policy.assertCan('update', row, 'change residents’ records', resident.id);
    assertVersion(input.expectedVersion, resident.version, `Resident ${input.id}`);
    const given = RESIDENT_FIELDS.filter((field) => input[field] != null);
    assertFieldsWritable(this.ctx, 'update', 'Resident', row, given);
    const before = snapshot(resident);
    const values = checkedValues({ ...before, ...pick(input as Values, given) }, pick(input as Values, given));
    if (values.idNumber && values.idNumber !== before.idNumber)
      await assertIdNumberFree(em, values.idNumber, resident.id);
    const changes = differences(before, { ...before, ...values }, [...RESIDENT_FIELDS]);
    Object.assign(resident, values);
    await flushOrConflict(em);
    recordChange(em, actorOf(this.ctx.policy.principal), {
      entityType: 'Resident',
      entityId: resident.id,
      residentId: resident.id,
      gridPath: resident.gridPath,
      action: 'UPDATE',
      basis: this.ctx.policy.explainRow('Resident', row).basis,
      changes,
    });
    return resident;
  }
}

/** A grid a resident can live in, by global id; an unknown or too coarse grid is bad input. */
export async function residentGrid(ctx: RequestContext, id: string, argumentName: string): Promise<Grid> {
  const grid = await ctx.loaders.byId(Grid).load(idOfType(id, 'Grid', argumentName));
  if (!grid) throw badInput(argumentName, `no grid ${id}`);
  if (grid.level < RESIDENT_GRID_LEVEL)
    throw badInput(
      argumentName,
      `residents live in a grid of level ${RESIDENT_GRID_LEVEL} or below, not in ${grid.name}`,
    );
  return grid;
}

export function snapshot(resident: Resident): Values {
  return Object.fromEntries(RESIDENT_FIELDS.map((field) => [field, resident[field] ?? null])) as Values;
}

function pick(values: Values, fields: readonly ResidentField[]): Values {
  return Object.fromEntries(fields.map((field) => [field, values[field]])) as Values;
}

/**
 * The record as it will be: texts trimmed, the ID-card number checked (GB 11643) and agreeing with the
 * birth date and gender. Errors name the argument that was given (`changed`), not the one left alone.
 */
function checkedValues(record: Values, changed: Values): Values {
  const values: Values = { ...changed };
  for (const field of ['name', 'address'] as const) if (changed[field] != null) values[field] = trimmed(changed[field]);
  const idNumber = record.idNumber?.toUpperCase() ?? '';
  if (changed.idNumber != null) {
    if (!isValidIdNumber(idNumber))
      throw badInput('input.idNumber', 'not a valid ID-card number (GB 11643: 18 characters, check character)');
    values.idNumber = idNumber;
  }
  if (changed.birthDate != null) pastDate('input.birthDate', changed.birthDate);
  const blame = (field: ResidentField) => (changed[field] != null ? field : 'idNumber');
  if (idNumberBirthDate(idNumber) !== record.birthDate)
    throw badInput(`input.${blame('birthDate')}`, 'the birth date and the ID-card number disagree');
  if (idNumberGender(idNumber) !== record.gender)
    throw badInput(`input.${blame('gender')}`, 'the gender and the ID-card number disagree');
  return values;
}

/**
 * One person per ID-card number in the district. The check reads the whole district, beyond the caller's
 * scope, and so says only the grid where the number is registered, nothing of the person.
 */
async function assertIdNumberFree(em: EntityManager, idNumber: string, self: number | null): Promise<void> {
  const [taken] = await runSql<{ grid: string }[]>(
    em,
    'select g.name as grid from resident r join grid g on g.id = r.grid_id where r.id_number = ? and r.id <> ?',
    [idNumber, self ?? 0],
  );
  if (taken) throw duplicate(taken.grid);
}

function duplicate(grid: string | null) {
  return conflictOn(
    'input.idNumber',
    grid ? `this ID-card number is already registered in grid ${grid}` : 'this ID-card number is already registered',
  );
}

/** A second registration of the same number racing past the check meets the unique index instead. */
async function flushOrConflict(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException && /id_number/.test(String(error.message)))
      throw duplicate(null);
    throw error;
  }
}
