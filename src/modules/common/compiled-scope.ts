import { isDeepStrictEqual } from 'node:util';
import type { Explanation } from '../../audit/access-recorder';
import { parseReason, SubjectType } from '../../policy/ability';
import type { Policy, RowFilter } from '../../policy/policy';
import { ROW_ANCHORS } from '../../policy/row-owners';

/**
 * Which rows of a type a compiled read may show: every row, the rows of the caller's grids, or (for rows
 * owned by the row they are read under) every row of an owner already shown.
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'grids'; gridIds: number[] }
  /** Residents of these grids with a membership of one of these categories: a delegation's residents. */
  | { kind: 'members'; gridIds: number[]; categoryCodes: string[] };

/** The grid ids of a filter that is exactly "the row's grid among these", or null. */
function gridListOf(filter: RowFilter): number[] | null {
  const ids = (filter.grid as { $in?: unknown } | undefined)?.$in;
  return Object.keys(filter).length === 1 && Array.isArray(ids) ? (ids as number[]) : null;
}

/**
 * The type's row filter; null when a rule refuses the type (a purpose required): the usual path raises that
 * refusal where the field asks for the rows, which a compiled read leaves to it.
 */
function rowFilterOf(policy: Policy, type: SubjectType): RowFilter | null {
  return policy.ability.rulesFor('view', type).some((rule) => rule.inverted) ? null : policy.rowFilter(type);
}

/**
 * The category codes of a resident filter that is exactly "in these grids, with a membership of one of these
 * categories" (a delegation's rule once its subtree is resolved to grid ids), or null.
 */
function membersOf(type: SubjectType, query: RowFilter): { gridIds: number[]; categoryCodes: string[] } | null {
  // One rule comes as the one alternative of an $or.
  const alternatives = Object.keys(query).length === 1 && Array.isArray(query.$or) ? query.$or : [query];
  const filter = alternatives[0] as RowFilter;
  if (type !== 'Resident' || alternatives.length !== 1 || Object.keys(filter).length !== 2) return null;
  const gridIds = gridListOf({ grid: filter.grid });
  const some = (filter.categories as { $some?: RowFilter } | undefined)?.$some;
  const category = some && Object.keys(some).length === 1 ? (some.category as RowFilter | undefined) : undefined;
  const codes = category && Object.keys(category).length === 1 ? (category.code as { $in?: unknown }) : undefined;
  const listed = codes && Object.keys(codes).length === 1 ? codes.$in : undefined;
  const categoryCodes = Array.isArray(listed) && listed.every((code) => typeof code === 'string') ? listed : null;
  return gridIds && categoryCodes ? { gridIds, categoryCodes } : null;
}

/**
 * The caller's rows of a type as the row policy declares them, when that is "all", "in these grids" or a
 * delegation's "members of these categories in these grids".
 */
export function scopeOf(policy: Policy, type: SubjectType): Scope | null {
  const filter = rowFilterOf(policy, type);
  if (!filter) return null;
  if (Object.keys(filter).length === 0) return { kind: 'all' };
  const gridIds = gridListOf(filter);
  if (gridIds) return { kind: 'grids', gridIds };
  const members = membersOf(type, filter);
  return members ? { kind: 'members', ...members } : null;
}

/**
 * The scope of rows read under their owner (a case's timeline under the case): every one of them when the
 * policy gives the owned type no more than "rows of an owner the caller sees", which the owner's own scope
 * already ensures. Null when the owned type's rule says anything else.
 */
export function ownedScope(policy: Policy, owned: SubjectType, owner: SubjectType, via: string): Scope | null {
  const anchor = ROW_ANCHORS[owned as keyof typeof ROW_ANCHORS];
  if (anchor?.kind !== 'owned' || anchor.owner !== owner || anchor.via !== via) return null;
  const filter = rowFilterOf(policy, owned);
  const ownerFilter = rowFilterOf(policy, owner);
  if (!filter || !ownerFilter) return null;
  if (Object.keys(filter).length === 0) return { kind: 'all' };
  if (isDeepStrictEqual(filter, { [via]: ownerFilter })) return { kind: 'all' };
  // One rule per grid of the caller: each names the owner's grids; together they must cover the owner's.
  const ownerGrids = gridListOf(ownerFilter);
  const alternatives = Array.isArray(filter.$or) && Object.keys(filter).length === 1 ? filter.$or : [filter];
  const covered = new Set<number>();
  for (const alternative of alternatives as RowFilter[]) {
    const onOwner = Object.keys(alternative).length === 1 ? (alternative[via] as RowFilter | undefined) : undefined;
    const ids = onOwner && gridListOf(onOwner);
    if (!ids) return null;
    for (const id of ids) covered.add(id);
  }
  return ownerGrids && ownerGrids.every((id) => covered.has(id)) ? { kind: 'all' } : null;
}

/** Every row shown under one basis and rule (the post's scope), so the log's explanation is the same for each. */
export function explanationOf(policy: Policy, type: SubjectType): Explanation | null {
  const rules = policy.ability.rulesFor('view', type);
  if (rules.some((rule) => rule.inverted) || rules.length === 0) return null;
  const reasons = new Set(rules.map((rule) => rule.reason));
  return reasons.size === 1 ? parseReason(rules[0].reason) : null;
}
