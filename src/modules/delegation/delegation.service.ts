import type { FilterQuery } from '@mikro-orm/postgresql';
import { idOfType } from '../../common/global-id';
import type { RequestContext } from '../request-context';
import { badInput, notFound } from '../../common/errors';
import { Department } from '../department/department.entity';
import { Grid } from '../grid/grid.entity';
import { SpecialCategory } from '../resident/special-category.entity';
import { User } from '../user/user.entity';
import { Delegation } from './delegation.entity';
import { CreateDelegationInput } from './delegation.inputs';
import { DELEGABLE } from '../../policy/delegation-rules';

const DELEGABLE_FIELDS = new Set(DELEGABLE);

/** Creating, listing and revoking delegations; only a post allowed to manage them may. */
export class DelegationService {
  constructor(private readonly ctx: RequestContext) {}

  list(): Promise<Delegation[]> {
    // The request's row policy narrows the list to the delegations the caller may see.
    const where = {} as FilterQuery<Delegation>;
    return this.ctx.em.find(Delegation, where, { orderBy: { id: 'desc' } });
  }

  async create(input: CreateDelegationInput): Promise<Delegation> {
    this.assertManager('create delegations');
    const unknownField = input.fields.find((field) => !DELEGABLE_FIELDS.has(field));
    if (unknownField) throw badInput('input.fields', `"${unknownField}" is not a delegable resident field`);
    const validFrom = input.validFrom ?? new Date();
    if (input.validUntil <= validFrom) throw badInput('input.validUntil', 'must be after validFrom');
    const em = this.ctx.em;
    const department = await em.findOne(Department, {
      id: idOfType(input.department, 'Department', 'input.department'),
    });
    if (!department) throw badInput('input.department', `no department ${input.department}`);
    const grid = await em.findOne(Grid, { id: idOfType(input.grid, 'Grid', 'input.grid') });
    if (!grid) throw badInput('input.grid', `no grid ${input.grid}`);
    const categoryCodes = input.categoryCodes ?? [];
    await this.assertCategoriesExist(categoryCodes);
    const delegation = Object.assign(new Delegation(), {
      ...input,
      categoryCodes,
      department,
      grid,
      validFrom,
      approvedBy: em.getReference(User, this.ctx.policy.principal.userId),
    });
    await em.persistAndFlush(delegation);
    return delegation;
  }

  /** Revocation takes effect on the next request: grants are read afresh for every request. */
  async revoke(id: string): Promise<Delegation> {
    this.assertManager('revoke delegations');
    const delegation = await this.ctx.em.findOne(Delegation, { id: idOfType(id, 'Delegation') });
    if (!delegation) throw notFound('Delegation', id);
    if (!delegation.revokedAt) {
      delegation.revokedAt = new Date();
      delegation.revokedBy = this.ctx.em.getReference(User, this.ctx.policy.principal.userId);
      await this.ctx.em.flush();
    }
    return delegation;
  }

  private assertManager(what: string): void {
    this.ctx.policy.assertCan('manage', 'Delegation', what);
  }

  private async assertCategoriesExist(codes: string[]): Promise<void> {
    if (codes.length === 0) return;
    const found = await this.ctx.em.find(SpecialCategory, { code: { $in: codes } });
    const missing = codes.find((code) => !found.some((category) => category.code === code));
    if (missing) throw badInput('input.categoryCodes', `no special category "${missing}"`);
  }
}
