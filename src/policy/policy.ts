import { GraphQLError } from 'graphql';
import { markDenied } from '../common/errors';
import { rulesToQuery } from '@casl/ability/extra';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Action, AppAbility, buildAbility, newBuilder, parseReason, SubjectType } from './ability';
import { loadPrincipal, Principal } from './principal';
import { applyRoleRules } from './rules';
import { tierOf, FieldTier } from './tiers';

export type FieldAccess = 'FULL' | 'MASKED' | 'HIDDEN';
export type RowFilter = Record<string, unknown>;

/** Matches no row; keeps "nothing visible" a SQL predicate like any other scope. */
const NO_ROWS: RowFilter = { id: { $in: [] } };

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
    return Policy.forPrincipal(principal);
  }

  /** The SQL condition selecting the rows of a type this caller may see (for an action, default view). */
  rowFilter(type: SubjectType, action: Action = 'view'): RowFilter {
    const key = `${action}:${type}`;
    let filter = this.filters.get(key);
    if (!filter) {
      const query = rulesToQuery(this.ability, action, type, (rule) =>
        rule.inverted ? { $not: rule.conditions as RowFilter } : (rule.conditions as RowFilter),
      );
      if (query === null) this.assertNotRefused(type, action);
      filter = query === null ? NO_ROWS : (query as RowFilter);
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

  /** FULL, MASKED or HIDDEN for one field of a visible row. Public (T0) fields are always FULL. */
  fieldAccess(type: SubjectType, field: string): FieldAccess {
    const key = `${type}.${field}`;
    let decision = this.fieldDecisions.get(key);
    if (!decision) {
      decision = this.decideField(type, field);
      this.fieldDecisions.set(key, decision);
    }
    return decision;
  }

  /**
   * Smallest group an aggregate may show the caller: posts inside the administration see exact counts;
   * partner departments (and residents) get small cells suppressed (SPEC §6).
   */
  minimumCell(configured: number): number | null {
    return this.ability.can('aggregateExact', 'Statistics') ? null : configured;
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

  private decideField(type: SubjectType, field: string): FieldAccess {
    if (tierOf(type, field) === FieldTier.PUBLIC) return 'FULL';
    if (this.ability.can('read', type, field)) return 'FULL';
    if (this.ability.can('readMasked', type, field)) return 'MASKED';
    return 'HIDDEN';
  }
}

/**
 * Filtering or sorting on a field is reading it: a field the caller may not read in clear cannot be used
 * in a filter or an ordering, or the answer's size and order would disclose it.
 */
export function assertFilterable(policy: Policy, type: SubjectType, fields: string[], argumentName: string): void {
  for (const field of fields) {
    if (policy.fieldAccess(type, field) !== 'FULL') {
      const rule = `${policy.principal.role}:${type}.${field}`;
      const error = new GraphQLError(
        `${argumentName}: filtering or ordering on ${type}.${field} needs clear access to it`,
        {
          extensions: { code: 'FORBIDDEN', argumentName, field: `${type}.${field}`, rule },
        },
      );
      throw markDenied(error, { entityType: type, entityId: null, field, rule });
    }
  }
}
