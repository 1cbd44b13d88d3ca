import { buildMongoQueryMatcher } from '@casl/ability';
import type { FieldCondition, FieldInstruction, JsInterpreter } from '@ucast/mongo2js';

/**
 * Rule conditions are written once in a vocabulary both CASL and MikroORM understand, so the same rule
 * filters rows in SQL and checks a loaded row in memory. CASL lacks SQL's LIKE; it is added here, limited
 * to the prefix form used for grid subtrees.
 */
const $like: FieldInstruction<string> = {
  type: 'field',
  validate(instruction, value) {
    if (typeof value !== 'string' || !/^[^%_]*%$/.test(value)) {
      throw new Error(`${instruction.name} takes a prefix pattern such as "/1/4/%"`);
    }
  },
};

const like: JsInterpreter<FieldCondition<string>> = (condition, object, { get }) => {
  const value = get(object, condition.field);
  return typeof value === 'string' && value.startsWith(condition.value.slice(0, -1));
};

/** An array holding every given value: SQL's `@>`, which MikroORM names `$contains` too. */
const $contains: FieldInstruction<unknown[]> = {
  type: 'field',
  validate(instruction, value) {
    if (!Array.isArray(value)) throw new Error(`${instruction.name} takes an array of values`);
  },
};

const contains: JsInterpreter<FieldCondition<unknown[]>> = (condition, object, { get }) => {
  const value = get(object, condition.field);
  return Array.isArray(value) && condition.value.every((wanted) => value.includes(wanted));
};

export const conditionsMatcher = buildMongoQueryMatcher({ $like, $contains }, { like, contains });

/**
 * An access-log entry about this subject: the one it names, or one of the several a grouped entry covers.
 * Two alternatives (CASL has no $or inside a rule: a rule each; in SQL, an $or of both).
 */
export function aboutSubject(entityType: string, id: number): Record<string, unknown>[] {
  return [
    { entityType, entityId: id },
    { entityType, subjectIds: { $contains: [id] } },
  ];
}

/** "This grid and everything below it", for a row carrying its grid's materialized path. */
export function underGrid(path: string): { $like: string } {
  return { $like: `${path}%` };
}

/**
 * An owner's conditions seen from an owned row, in dot notation ("resident.gridPath"): CASL matches it on a
 * loaded row, and `nestDotted` turns it into the nested form MikroORM joins on.
 */
export function underOwner(via: string, conditions: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(conditions).map(([key, value]) => [`${via}.${key}`, value]));
}

/** { "resident.gridPath": x } → { resident: { gridPath: x } }, merging keys that share a prefix. */
export function nestDotted(conditions: Record<string, unknown>): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(conditions)) {
    const parts = key.split('.');
    let target = nested;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]] = value;
  }
  return nested;
}

/**
 * A rule's conditions as MikroORM runs them in SQL, with the meaning CASL gives them on a loaded row:
 * dotted paths nested for joins, and `$nin` also matching an absent value (SQL's NOT IN never matches NULL).
 */
export function toSqlConditions(conditions: Record<string, unknown>): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  const absentToo: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(conditions)) {
    const excluded = (value as { $nin?: unknown[] } | null)?.$nin;
    const onlyNin = Array.isArray(excluded) && Object.keys(value as object).length === 1;
    if (!onlyNin) rest[key] = value;
    else if (excluded.length > 0) {
      const path = nestDotted({ [key]: null });
      absentToo.push({ $or: [path, nestDotted({ [key]: { $nin: excluded } })] });
    }
  }
  const nested = nestDotted(rest);
  return absentToo.length > 0 ? { ...nested, $and: absentToo } : nested;
}

/**
 * A grid-subtree condition ("gridPath" or "resident.gridPath" as a prefix) in the form SQL serves best: the
 * row's grid among the subtree's grid ids, when the caller's subtrees are resolved to them. Rows carry both
 * their grid and a copy of its path, so both forms select the same rows; CASL keeps matching the path on
 * loaded rows. Any other condition is left as it is.
 */
export function gridPathsAsGridIds(
  conditions: Record<string, unknown>,
  gridIdsUnder: Record<string, number[]> | undefined,
): Record<string, unknown> {
  if (!gridIdsUnder) return conditions;
  const rewritten: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(conditions)) {
    const prefix = (value as { $like?: unknown } | null)?.$like;
    const onlyLike = typeof prefix === 'string' && Object.keys(value as object).length === 1;
    const ids = onlyLike && /(^|\.)gridPath$/.test(key) ? gridIdsUnder[prefix.slice(0, -1)] : undefined;
    if (ids) rewritten[`${key.slice(0, -'gridPath'.length)}grid`] = { $in: ids };
    else rewritten[key] = value;
  }
  return rewritten;
}

/**
 * One rule per grid leaves `{ $or: [{ grid: { $in: a } }, { grid: { $in: b } }, …] }`: merged into one list,
 * so SQL reads one `grid_id in (…)` the planner serves from one index, not an OR of lists.
 */
export function mergeGridLists(query: Record<string, unknown>): Record<string, unknown> {
  const alternatives = query.$or;
  if (!Array.isArray(alternatives) || Object.keys(query).length !== 1) return query;
  const isGridList = (c: Record<string, unknown>) =>
    Object.keys(c).length === 1 && Array.isArray((c.grid as { $in?: unknown } | undefined)?.$in);
  const lists = alternatives.filter(isGridList) as { grid: { $in: number[] } }[];
  if (lists.length === 0) return query;
  const ids = [...new Set(lists.flatMap((c) => c.grid.$in))].sort((a, b) => a - b);
  const rest = alternatives.filter((c) => !isGridList(c));
  const merged = { grid: { $in: ids } };
  return rest.length === 0 ? merged : { $or: [merged, ...rest] };
}
