import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { markDenied } from '../common/errors';
import { rulesToQuery } from '@casl/ability/extra';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Action, AppAbility, buildAbility, newBuilder, parseReason, SubjectType } from './ability';
import { gridPathsAsGridIds, mergeGridLists, toSqlConditions } from './conditions';
import { loadPrincipal, Principal } from './principal';
import { applyRoleRules } from './rules';
import { scopedByGridId } from './row-owners';
import { declarationByName } from './schema-tiers';
import { elevatedName, FieldTier, tierGrant } from '../common/tiers';
import { BoundedCache } from '../common/bounded-cache';

export type FieldAccess = 'FULL' | 'MASKED' | 'HIDDEN';
export type RowFilter = Record<string, unknown>;

/** Matches no row: a type the caller has no rule for, or a caller without a token; still a SQL predicate. */
export const NO_ROWS: RowFilter = { id: { $in: [] } };

/**
 * Policies by what their principal holds. A policy is a function of its principal alone, so a caller whose
 * principal (loaded afresh on every request) is unchanged reuses the rules, row filters and field decisions
 * built for an earlier request; any change in its grants, grids or purpose is another principal.
 */
const policies = new BoundedCache<Policy>(2000);

/**
 * The caller's policy for one request: built once from the role's rules, then asked for every row filter
 * and field decision. Decisions are memoised, so the cost is per request, not per row.
 */
export class Policy {
  private readonly filters = new Map<string, RowFilter>();
  private readonly fieldDecisions = new Map<string, FieldAccess>();
  private readonly viewRules = new Map<string, ReturnType<AppAbility['rulesFor']>>();

  constructor(
    readonly principal: Principal,
    readonly ability: AppAbility,
  ) {}

  static forPrincipal(principal: Principal): Policy {
    const builder = newBuilder();
    applyRoleRules(principal, builder);
    return new Policy(principal, buildAbility(builder));
  }

  static async forUser(em: EntityManager, userId: number, purpose: string | null = null): Promise<Policy | null> {
    const principal = await loadPrincipal(em, userId, purpose);
    if (!principal) return null;
    const fingerprint = createHash('sha256').update(JSON.stringify(principal)).digest('base64');
    return policies.getOrCompute(fingerprint, () => Policy.forPrincipal(principal));
  }

  /** The SQL condition selecting the rows of a type this caller may see (for an action, default view). */
  rowFilter(type: SubjectType, action: Action = 'view'): RowFilter {
    const key = `${action}:${type}`;
    let filter = this.filters.get(key);
    if (!filter) {
      const grids = scopedByGridId(type) ? this.principal.gridIdsUnder : undefined;
      const sql = (conditions: RowFilter) => toSqlConditions(gridPathsAsGridIds(conditions, grids));
      const query = rulesToQuery(this.ability, action, type, (rule) =>
        rule.inverted ? { $not: sql(rule.conditions as RowFilter) } : sql(rule.conditions as RowFilter),
      );
      if (query === null) this.assertNotRefused(type, action);
      filter = query === null ? NO_ROWS : mergeGridLists(query as RowFilter);
      this.filters.set(key, filter);
    }
    return filter;
  }

  /** A caller's own condition combined with the scope, so a filter can only narrow what may be seen. */
  scoped(type: SubjectType, where: RowFilter = {}, action: Action = 'view'): RowFilter {
    const scope = this.rowFilter(type, action);
    if (Object.keys(scope).length === 0) return where;
    if (Object.keys(where).length === 0) return scope;
    return { $and: [where, scope] };
  }

  /**
   * FULL, MASKED or HIDDEN for one field of a visible row, at the tier the field declares (or has risen to).
   * A field is granted by its tier ("T3") or by its own name (a delegation's field list). T0 is always FULL.
   */
  fieldAccess(type: SubjectType, field: string, tier: FieldTier): FieldAccess {
    const key = `${type}.${field}.${tier}`;
    let decision = this.fieldDecisions.get(key);
    if (!decision) {
      decision = this.decideField(type, field, tier);
      this.fieldDecisions.set(key, decision);
    }
    return decision;
  }

  /**
   * Smallest group an aggregate may show the caller: posts inside the administration see exact counts;
   * partner departments (and residents) get small cells suppressed (contract §6).
   */
  minimumCell(configured: number): number | null {
    return this.ability.can('aggregateExact', 'Statistics') ? null : configured;
  }

  /**
   * Whether some row of the type the caller may see can hold this value at this path (dot notation): a rule
   * that says nothing about the path allows any value; one that lists values allows those.
   */
  allowsValue(type: SubjectType, path: string, value: unknown): boolean {
    return this.ability.rulesFor('view', type).some((rule) => {
      if (rule.inverted) return false;
      const condition = (rule.conditions as Record<string, unknown> | undefined)?.[path];
      if (condition === undefined) return true;
      const listed = (condition as { $in?: unknown[] } | null)?.$in;
      return Array.isArray(listed) ? listed.includes(value) : condition === value;
    });
  }

  /**
   * The one way to refuse a command (CASL's throwUnlessCan): FORBIDDEN naming the rule, marked so the
   * refusal is logged as DENIED. `what` completes "Your post may not …".
   */
  assertCan(action: Action, subject: SubjectType | object, what: string, entityId: number | null = null): void {
    if (this.ability.can(action, subject)) return;
    throw this.refusal(action, typeof subject === 'string' ? subject : subjectTypeOf(subject), what, entityId);
  }

  /** The refusal assertCan raises, for a command refused on grounds the rules cannot see (no own record). */
  refusal(action: Action, type: string, what: string, entityId: number | null = null): GraphQLError {
    const rule = `${this.principal.role}.${action}.${type}`;
    const error = new GraphQLError(`Your post may not ${what}`, { extensions: { code: 'FORBIDDEN', rule } });
    return markDenied(error, { entityType: type, entityId, field: null, rule });
  }

  can(action: Action, subject: SubjectType | object, field?: string): boolean {
    return this.ability.can(action, subject, field);
  }

  /**
   * The basis a visible row is shown under (ROLE_SCOPE, SELF, DELEGATION:<id>, EMERGENCY:<id>) and the rule
   * that decided, for the access log. One rule for the type needs no matching; several are matched in the
   * order they were granted, so the post's own scope wins over an emergency that overlaps it.
   */
  explainRow(type: SubjectType, row: object): { basis: string; rule: string } {
    let rules = this.viewRules.get(type);
    if (!rules) {
      rules = this.ability
        .rulesFor('view', type)
        .filter((rule) => !rule.inverted)
        .reverse();
      this.viewRules.set(type, rules);
    }
    if (rules.length <= 1) return parseReason(rules[0]?.reason);
    const matching = rules.find((rule) => {
      try {
        return rule.matchesConditions(row);
      } catch {
        return false;
      }
    });
    return parseReason((matching ?? rules[0]).reason);
  }

  /** A type refused outright (a department without a stated purpose) answers with the refusal's code. */
  private assertNotRefused(type: SubjectType, action: Action): void {
    const refusal = this.ability.relevantRuleFor(action, type);
    if (!refusal?.inverted) return;
    const { basis: code, rule } = parseReason(refusal.reason);
    const message =
      code === 'PURPOSE_REQUIRED'
        ? `${type} data needs a stated purpose: send the X-Access-Purpose header of an active delegation`
        : `No active delegation of your department covers the purpose "${this.principal.purpose}"`;
    throw markDenied(new GraphQLError(message, { extensions: { code, rule } }), {
      entityType: type,
      entityId: null,
      field: null,
      rule,
    });
  }

  private decideField(type: SubjectType, field: string, tier: FieldTier): FieldAccess {
    if (tier === FieldTier.PUBLIC) return 'FULL';
    const grant = tierGrant(tier);
    if (this.ability.can('read', type, grant) || this.ability.can('read', type, field)) return 'FULL';
    if (this.ability.can('readMasked', type, grant) || this.ability.can('readMasked', type, field)) return 'MASKED';
    return 'HIDDEN';
  }
}

/** The type of a subject built with CASL's subject() helper, or of an entity instance. */
function subjectTypeOf(subject: object): string {
  const tagged = (subject as { __caslSubjectType__?: string }).__caslSubjectType__;
  return tagged ?? subject.constructor.name;
}

/** A refusal to filter or order on something the caller may not read in clear, logged as DENIED. */
function refuseFilter(policy: Policy, type: SubjectType, field: string, argumentName: string, why: string): never {
  const rule = `${policy.principal.role}.${type}.${field}`;
  const error = new GraphQLError(`${argumentName}: filtering or ordering on ${type}.${field} ${why}`, {
    extensions: { code: 'FORBIDDEN', argumentName, field: `${type}.${field}`, rule },
  });
  throw markDenied(error, { entityType: type, entityId: null, field, rule });
}

/**
 * Filtering or sorting on a field is reading it: a field the caller may not read in clear cannot be used
 * in a filter or an ordering, or the answer's size and order would disclose it.
 */
export function assertFilterable(policy: Policy, type: SubjectType, fields: string[], argumentName: string): void {
  for (const field of fields) {
    if (policy.fieldAccess(type, field, declarationByName(type, field).tier) !== 'FULL')
      refuseFilter(policy, type, field, argumentName, 'needs clear access to it');
  }
}

/**
 * Filtering on one value of a field (members of one category) reads that value: it must be readable in
 * clear at the tier the value gives the field (a RESTRICTED category is T4), and inside the rows the
 * caller's rules allow for it (a delegation's categories).
 */
export function assertValueFilterable(
  policy: Policy,
  value: { type: SubjectType; field: string; tier: FieldTier; elevated: boolean; path: string; value: unknown },
  argumentName: string,
): void {
  const field = value.elevated ? elevatedName(value.field) : value.field;
  if (policy.fieldAccess(value.type, field, value.tier) !== 'FULL')
    refuseFilter(policy, value.type, field, argumentName, `for ${String(value.value)} needs clear access to it`);
  if (!policy.allowsValue(value.type, value.path, value.value))
    refuseFilter(policy, value.type, field, argumentName, `for ${String(value.value)} is outside your grants`);
}
