import { idOfType } from '../../common/global-id';
import { Page, PageArgs } from '../../common/relay';
import { assertValueFilterable, Policy } from '../../policy/policy';
import { FieldTier, SecurityLabel } from '../../common/tiers';
import type { RequestContext } from '../request-context';
import { badInput, notFound } from '../../common/errors';
import { Grid } from '../grid/grid.entity';
import { escapeLike, GridService } from '../grid/grid.service';
import { ListSpec, listPage } from '../common/list-page';
import { compiledPage, CompiledListSpec } from '../common/compiled-page';
import { servesDecidedObjects } from '../../policy/compiled-read';
import type { GraphQLResolveInfo } from 'graphql';
import { Household } from './household.entity';
import { ResidentCategory } from './resident-category.entity';
import { Resident } from './resident.entity';
import { ResidentFilter, ResidentOrder } from './resident.inputs';
import { SpecialCategory } from './special-category.entity';

/** Which resident field each filter argument reads. */
const FILTER_FIELDS: Record<keyof ResidentFilter, string> = {
  grid: 'grid',
  nameContains: 'name',
  idNumber: 'idNumber',
  gender: 'gender',
  residenceType: 'residenceType',
  category: 'categories',
  bornFrom: 'birthDate',
  bornUntil: 'birthDate',
};

/** The residents list as a compiled read answers it: each resident with its grid. */
const RESIDENTS: CompiledListSpec = { type: 'Resident', relations: { grid: { type: 'Grid', via: 'one' } } };

export class ResidentService {
  constructor(private readonly ctx: RequestContext) {}

  private get policy(): Policy {
    return this.ctx.policy;
  }

  list(filter: ResidentFilter | null, order: ResidentOrder, page: PageArgs): Promise<Page<Resident>> {
    return listPage(this.ctx.em, this.policy, this.listSpec(), { filter, order, page });
  }

  /**
   * The plain list (no filter, in id order) as one compiled statement, when the selection and the caller's
   * rules allow it; null means the usual path answers.
   */
  async compiledList(
    info: GraphQLResolveInfo,
    filter: ResidentFilter | null,
    order: ResidentOrder,
    page: PageArgs,
  ): Promise<object | null> {
    const filtered = filter && Object.values(filter).some((value) => value !== null && value !== undefined);
    // Other orderings are the usual path's: the compiled page here is read grid by grid in id order.
    if (filtered || order.field !== 'id' || !servesDecidedObjects(info)) return null;
    return compiledPage(this.ctx, info, RESIDENTS, order, page);
  }

  private listSpec(): ListSpec<Resident, ResidentFilter> {
    return { type: 'Resident', entity: Resident, filterFields: FILTER_FIELDS, where: (f) => this.filterQuery(f) };
  }

  async get(id: string): Promise<Resident> {
    const resident = await this.ctx.loaders.byId(Resident).load(idOfType(id, 'Resident'));
    if (!resident) throw notFound('Resident', id);
    return resident;
  }

  grid(resident: Resident): Promise<Grid | null> {
    return this.ctx.loaders.byId(Grid).load(resident.grid.id);
  }

  async household(resident: Resident): Promise<Household | null> {
    return resident.household ? this.ctx.loaders.byId(Household).load(resident.household.id) : null;
  }

  memberships(resident: Resident): Promise<ResidentCategory[]> {
    return this.ctx.loaders.manyBy(ResidentCategory, 'resident').load(resident.id);
  }

  async category(membership: ResidentCategory): Promise<SpecialCategory> {
    const category = await this.ctx.loaders.byId(SpecialCategory).load(membership.category.id);
    if (!category) throw notFound('SpecialCategory', String(membership.category.id));
    return category;
  }

  /** Members of a category can be asked for only where that membership may be read in clear. */
  private async assertCategoryFilterable(code: string): Promise<void> {
    const category = await this.ctx.em.findOne(SpecialCategory, { code });
    if (!category) throw badInput('filter.category', `"${code}" is no special category`);
    const restricted = category.securityLabel === SecurityLabel.RESTRICTED;
    const tier = restricted ? FieldTier.RESTRICTED : FieldTier.SENSITIVE;
    const membership = { type: 'ResidentCategory' as const, field: 'category', tier, elevated: restricted };
    assertValueFilterable(this.policy, { ...membership, path: 'category.code', value: code }, 'filter.category');
  }

  private async filterQuery(filter: ResidentFilter): Promise<Record<string, unknown>> {
    const where: Record<string, unknown> = {};
    if (filter.category) await this.assertCategoryFilterable(filter.category);
    if (filter.grid)
      where.gridPath = { $like: `${await new GridService(this.ctx).subtreePath(filter.grid, 'filter.grid')}%` };
    if (filter.nameContains) where.name = { $like: `%${escapeLike(filter.nameContains)}%` };
    if (filter.idNumber) where.idNumber = filter.idNumber.toUpperCase();
    if (filter.gender) where.gender = filter.gender;
    if (filter.residenceType) where.residenceType = filter.residenceType;
    if (filter.category) where.categories = { $some: { category: { code: filter.category } } };
    if (filter.bornFrom || filter.bornUntil) {
      where.birthDate = {
        ...(filter.bornFrom ? { $gte: filter.bornFrom } : {}),
        ...(filter.bornUntil ? { $lte: filter.bornUntil } : {}),
      };
    }
    return where;
  }
}

const AGE_BANDS = [18, 35, 60, 70, 80];

/** Bands coarse enough to say little about a person: 0-17, 18-34, 35-59, 60-69, 70-79, 80+. */
export function ageBandOf(birthDate: string, today: Date): string {
  const born = new Date(`${birthDate}T00:00:00Z`);
  let age = today.getUTCFullYear() - born.getUTCFullYear();
  const birthdayPassed =
    today.getUTCMonth() > born.getUTCMonth() ||
    (today.getUTCMonth() === born.getUTCMonth() && today.getUTCDate() >= born.getUTCDate());
  if (!birthdayPassed) age -= 1;
  const upper = AGE_BANDS.findIndex((bound) => age < bound);
  if (upper === -1) return `${AGE_BANDS[AGE_BANDS.length - 1]}+`;
  return `${upper === 0 ? 0 : AGE_BANDS[upper - 1]}-${AGE_BANDS[upper] - 1}`;
}
