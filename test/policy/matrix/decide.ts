import type { GraphQLObjectType } from 'graphql';
import { declarationOf } from '../../../src/policy/schema-tiers';
import type { Caller } from './caller';
import type { Outcome, Post, TypeRule } from './oracle';
import { ELEVATED_ROWS, OWNED, TABLES } from './sql-terms';

/** The oracle's rule for a type, or an error naming the gap: a type without an expectation fails. */
export function ruleOf(post: Post, type: string): TypeRule {
  const rule = post.types[type];
  if (!rule) throw new Error(`the oracle has no expectation for ${post.name} on ${type}`);
  return rule;
}

const reach = (rule: TypeRule) => Math.max(rule.full, rule.masked ?? -1);

/**
 * The outcome a field should have for a post: from the tier the field declares on the schema (raised where
 * the row is one that rises) against the post's tiers for the type, or a per-field outcome of the oracle.
 */
export function expectedOutcome(
  post: Post,
  caller: Caller,
  type: GraphQLObjectType,
  field: string,
  elevated: boolean,
): Outcome {
  const declaration = declarationOf(type, field);
  if (!declaration) throw new Error(`${type.name}.${field} declares no tier`);
  if (declaration.elevation && !ELEVATED_ROWS[type.name])
    throw new Error(`${type.name}.${field} rises for some rows, and the oracle cannot tell which`);
  const tier = elevated && declaration.elevation ? declaration.elevation.tier : declaration.tier;
  const rule = ruleOf(post, type.name);
  if (tier === 0) return 'FULL';
  const listed = rule.fields?.(caller)[field];
  if (rule.fields) {
    const restricted = tier >= 4 && !caller.delegation?.includesRestricted;
    return listed && !restricted ? listed : 'HIDDEN';
  }
  if (tier <= rule.full) return 'FULL';
  return tier <= (rule.masked ?? -1) ? 'MASKED' : 'HIDDEN';
}

/**
 * The SQL condition (on alias t) of the rows of a type the post sees. An owned type's rows are its owner's,
 * and only where the owner's field holding them is not withheld; a row that rises (a restricted membership)
 * exists only for a post whose tiers reach the risen tier.
 */
export function rowCondition(
  post: Post,
  caller: Caller,
  schemaType: (name: string) => GraphQLObjectType,
  type: string,
  t = 't',
): string {
  const rule = ruleOf(post, type);
  let condition: string;
  if (rule.rows === 'owned') {
    const owned = OWNED[type];
    if (!owned) throw new Error(`${type} is not an owned type in the oracle`);
    const ownerOutcome = expectedOutcome(post, caller, schemaType(owned.owner), owned.field, false);
    const o = `${t}_owner`;
    condition =
      ownerOutcome === 'HIDDEN'
        ? 'false'
        : `${t}.${owned.column} in (select ${o}.id from ${TABLES[owned.owner]} ${o} where ${rowCondition(post, caller, schemaType, owned.owner, o)})`;
  } else condition = rule.rows(t, caller);
  const elevated = ELEVATED_ROWS[type];
  if (elevated?.hidesRow && reach(rule) < 4) condition = `(${condition}) and not ${elevated.where(t)}`;
  return `(${condition})`;
}
