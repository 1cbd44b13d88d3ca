import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, notFound } from '../../common/errors';
import { idOfType } from '../../common/global-id';
import { recordAdministration, refOf } from '../history/administration-history';
import { differences } from '../history/change-recorder';
import type { RequestContext } from '../request-context';
import { CaseCategory } from '../case/case-category.entity';
import { Department } from '../department/department.entity';
import { SpecialCategory } from '../resident/special-category.entity';
import {
  CaseCategoryInput,
  CreateDepartmentInput,
  CreateSpecialCategoryInput,
  UpdateSpecialCategoryInput,
} from './catalogue.inputs';

type Catalogue = typeof Department | typeof SpecialCategory | typeof CaseCategory;
type Entry = Department | SpecialCategory | CaseCategory;

/** The fields the history keeps of each catalogue, named as the fields of its type. */
const FIELDS: Record<string, string[]> = {
  Department: ['code', 'name'],
  SpecialCategory: ['code', 'name', 'colour', 'securityLabel', 'visitEveryDays'],
  CaseCategory: ['code', 'name', 'handlingLevel', 'department', 'acceptWithinHours', 'resolveWithinHours'],
};

function factsOf(type: string, entry: Entry): Record<string, unknown> {
  const values = entry as unknown as Record<string, unknown>;
  return Object.fromEntries(
    FIELDS[type].map((field) => {
      const value = values[field] ?? null;
      return [field, typeof value === 'object' && value ? refOf(value as { globalId: string }) : value];
    }),
  );
}

/**
 * The catalogues the district admin keeps (contract §13): departments, special categories, case categories.
 * Every post reads them to build its forms; only `manage` on the type writes them, one transaction each.
 */
export class CatalogueService {
  constructor(private readonly ctx: RequestContext) {}

  departments(): Promise<Department[]> {
    return this.ctx.em.find(Department, {}, { orderBy: { code: 'asc' } });
  }

  specialCategories(): Promise<SpecialCategory[]> {
    return this.ctx.em.find(SpecialCategory, {}, { orderBy: { id: 'asc' } });
  }

  caseCategories(): Promise<CaseCategory[]> {
    return this.ctx.em.find(CaseCategory, {}, { orderBy: { code: 'asc' } });
  }

  async createDepartment(input: CreateDepartmentInput): Promise<Department> {
    this.ctx.policy.assertCan('manage', 'Department', 'add departments');
    await this.assertCodeFree(Department, input.code);
    return this.ctx.em.transactional(async (em) => {
      const department = Object.assign(new Department(), input);
      em.persist(department);
      await this.record(em as EntityManager, 'Department', department, 'CREATE', {});
      return department;
    });
  }

  async renameDepartment(id: string, name: string): Promise<Department> {
    this.ctx.policy.assertCan('manage', 'Department', 'rename departments');
    if (name.trim().length < 2 || name.length > 100) throw badInput('name', 'must be 2–100 characters');
    return this.ctx.em.transactional(async (em) => {
      const department = await em.findOne(Department, { id: idOfType(id, 'Department') });
      if (!department) throw notFound('Department', id);
      const before = factsOf('Department', department);
      department.name = name.trim();
      await this.record(em as EntityManager, 'Department', department, 'RENAME', before);
      return department;
    });
  }

  async createSpecialCategory(input: CreateSpecialCategoryInput): Promise<SpecialCategory> {
    this.ctx.policy.assertCan('manage', 'SpecialCategory', 'add special categories');
    await this.assertCodeFree(SpecialCategory, input.code);
    return this.ctx.em.transactional(async (em) => {
      const category = Object.assign(new SpecialCategory(), input);
      em.persist(category);
      await this.record(em as EntityManager, 'SpecialCategory', category, 'CREATE', {});
      return category;
    });
  }

  /** A changed label applies from the next request: the principal reads the restricted categories afresh. */
  async updateSpecialCategory(input: UpdateSpecialCategoryInput): Promise<SpecialCategory> {
    this.ctx.policy.assertCan('manage', 'SpecialCategory', 'change special categories');
    return this.ctx.em.transactional(async (em) => {
      const category = await em.findOne(SpecialCategory, { id: idOfType(input.id, 'SpecialCategory', 'input.id') });
      if (!category) throw notFound('SpecialCategory', input.id);
      const before = factsOf('SpecialCategory', category);
      if (input.name) category.name = input.name;
      if (input.colour) category.colour = input.colour;
      if (input.securityLabel) category.securityLabel = input.securityLabel;
      if (input.visitEveryDays) category.visitEveryDays = input.visitEveryDays;
      await this.record(em as EntityManager, 'SpecialCategory', category, 'UPDATE', before);
      return category;
    });
  }

  async createCaseCategory(input: CaseCategoryInput): Promise<CaseCategory> {
    this.ctx.policy.assertCan('manage', 'CaseCategory', 'add case categories');
    await this.assertCodeFree(CaseCategory, input.code);
    return this.ctx.em.transactional(async (em) => {
      const category = new CaseCategory();
      await this.fill(em as EntityManager, category, input);
      em.persist(category);
      await this.record(em as EntityManager, 'CaseCategory', category, 'CREATE', {});
      return category;
    });
  }

  /** Changes apply to cases reported from now on: a reported case keeps the deadlines it was given. */
  async updateCaseCategory(id: string, input: CaseCategoryInput): Promise<CaseCategory> {
    this.ctx.policy.assertCan('manage', 'CaseCategory', 'change case categories');
    return this.ctx.em.transactional(async (em) => {
      const category = await em.findOne(CaseCategory, { id: idOfType(id, 'CaseCategory') });
      if (!category) throw notFound('CaseCategory', id);
      if (input.code !== category.code) throw badInput('input.code', 'the code of a category never changes');
      const before = factsOf('CaseCategory', category);
      await this.fill(em as EntityManager, category, input);
      await this.record(em as EntityManager, 'CaseCategory', category, 'UPDATE', before);
      return category;
    });
  }

  /** Catalogues lie in no grid: their entries are administrative. */
  private async record(em: EntityManager, type: string, entry: Entry, action: string, before: object): Promise<void> {
    await em.flush();
    await recordAdministration(em, this.ctx, {
      entityType: type,
      entity: entry,
      action,
      changes: differences(before as Record<string, unknown>, factsOf(type, entry)),
      basisOf: { type: type as 'Department', row: entry },
    });
  }

  private async fill(em: EntityManager, category: CaseCategory, input: CaseCategoryInput): Promise<void> {
    const { department: departmentId, ...fields } = input;
    if ((input.handlingLevel == null) === !departmentId)
      throw badInput('input.department', 'give a handling level or a department, exactly one');
    if (input.acceptWithinHours > input.resolveWithinHours)
      throw badInput('input.acceptWithinHours', 'must not exceed resolveWithinHours');
    const department = departmentId
      ? await em.findOne(Department, { id: idOfType(departmentId, 'Department', 'input.department') })
      : null;
    if (departmentId && !department) throw badInput('input.department', `no department ${departmentId}`);
    Object.assign(category, { ...fields, handlingLevel: input.handlingLevel ?? null, department });
  }

  private async assertCodeFree(entity: Catalogue, code: string): Promise<void> {
    if ((await this.ctx.em.count(entity, { code })) > 0) throw conflict(`input.code: "${code}" is taken`);
  }
}
