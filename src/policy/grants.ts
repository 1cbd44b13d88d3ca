import { Action, AppBuilder, Conditions, grantTiers, parseReason, reasonOf, SubjectType } from './ability';
import { ROW_ANCHORS } from './row-owners';
import { underGrid, underOwner } from './conditions';
import type { Principal } from './principal';
import { FieldTier } from '../common/tiers';

export type Tiers = { fullUpTo: FieldTier; maskedUpTo?: FieldTier };
/** One rule per condition: CASL has no $or, so a post covering several grids gets one rule per grid. */
export type Scope = Conditions | Conditions[] | undefined;

const eachOf = (scope: Scope): (Conditions | undefined)[] => (Array.isArray(scope) ? scope : [scope]);

/** A grant of rows: the conditions selecting them and the reason (basis and rule) they are shown under. */
interface RowGrant {
  conditions: Conditions | undefined;
  reason: string;
}

/** A role's rules, each tagged with its basis and name so every decision can be explained. */
export class Grants {
  /** The row grants made so far per type, for owned types to inherit. */
  private readonly granted = new Map<SubjectType, RowGrant[]>();

  constructor(
    readonly p: Principal,
    readonly b: AppBuilder,
  ) {}

  tiers(type: SubjectType, tiers: Tiers, scope?: Scope, basis = 'ROLE_SCOPE'): void {
    for (const conditions of eachOf(scope)) {
      const reason = reasonOf(basis, `${this.p.role}.${type}`);
      grantTiers(this.b, type, tiers, conditions, reason);
      this.remember(type, { conditions, reason });
    }
  }

  /**
   * Rows of a type that belongs to another (contract §4: memberships, visits, timeline entries, worker
   * records): exactly the owner's rows granted so far, grant by grant and under the same basis, with these
   * tiers. An owner nobody granted leaves the owned type invisible.
   */
  owned(type: SubjectType, tiers: Tiers, narrower?: Conditions): void {
    const anchor = ROW_ANCHORS[type as keyof typeof ROW_ANCHORS];
    if (anchor?.kind !== 'owned') throw new Error(`${type} is not declared as owned by another type`);
    for (const grant of this.granted.get(anchor.owner) ?? []) {
      const inherited = grant.conditions ? underOwner(anchor.via, grant.conditions) : undefined;
      const conditions = narrower ? { ...inherited, ...narrower } : inherited;
      const { basis } = parseReason(grant.reason);
      const reason = reasonOf(basis, `${this.p.role}.${type}`);
      grantTiers(this.b, type, tiers, conditions, reason);
      this.remember(type, { conditions, reason });
    }
  }

  /**
   * Memberships and visits about a RESTRICTED (T4) category exist only for posts that read T4, in clear or
   * masked: for the others even the row would say the person is in such a category.
   */
  belowRestricted(): Conditions {
    return { category: { $nin: this.p.restrictedCategoryIds } };
  }

  /** Rows of a type without fields above T0 (catalogues, one's own user record). */
  view(types: SubjectType[], conditions?: Conditions, basis = 'ROLE_SCOPE'): void {
    for (const type of types) {
      const reason = reasonOf(basis, `${this.p.role}.view.${type}`);
      this.b.can('view', type, conditions).because(reason);
      this.remember(type, { conditions, reason });
    }
  }

  /** Named fields (a delegation's list) of rows already granted under the same conditions. */
  fields(action: 'read' | 'readMasked', type: SubjectType, fields: string[], conditions: Conditions, reason: string) {
    if (fields.length > 0) this.b.can(action, type, fields, conditions).because(reason);
  }

  /** Rows granted under a reason of the caller's own (a delegation). */
  rows(type: SubjectType, conditions: Conditions | undefined, reason: string): void {
    this.b.can('view', type, conditions).because(reason);
    this.remember(type, { conditions, reason });
  }

  allow(actions: Action[], type: SubjectType, scope?: Scope): void {
    const reason = reasonOf('ROLE_SCOPE', `${this.p.role}.${actions.join('+')}.${type}`);
    for (const conditions of eachOf(scope)) this.b.can(actions, type, conditions).because(reason);
  }

  /** An explicit refusal whose code (PURPOSE_REQUIRED, FORBIDDEN) the caller is told. */
  refuse(types: SubjectType[], code: string, rule: string): void {
    this.b.cannot('view', types).because(reasonOf(code, rule));
  }

  /** Rows of a grid-bound type inside any of the caller's subtrees: one condition per subtree. */
  inScope(pathField = 'gridPath'): Conditions[] {
    // No grids assigned means no rows: an impossible prefix keeps the rule in SQL rather than special-cased.
    const paths = this.p.scopePaths.length > 0 ? this.p.scopePaths : ['/none/'];
    return paths.map((path) => ({ [pathField]: underGrid(path) }));
  }

  private remember(type: SubjectType, grant: RowGrant): void {
    const grants = this.granted.get(type) ?? [];
    grants.push(grant);
    this.granted.set(type, grants);
  }
}
