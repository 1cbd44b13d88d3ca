import { Utils } from '@mikro-orm/core';
import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/postgresql';
import { OrderDirection, Page, PageArgs } from '../common/relay';
import { CursorValue, decodeCursor, encodeCursor } from '../common/cursor';

export interface Ordering {
  /** Entity property to sort by; it must be non-null so keyset comparisons hold. */
  field: string;
  direction: OrderDirection;
}

/**
 * One page of a filtered, ordered list by keyset pagination: the scope and filter are in `where`, so the
 * LIMIT applies to rows the caller may see. One statement for the page, one more for totalCount if asked.
 */
export async function findPage<T extends { id: number | string }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  ordering: Ordering,
  page: PageArgs,
): Promise<Page<T>> {
  const { field, direction } = ordering;
  // A cursor is bound to the rows listed and their ordering: another list's cursor is bad input.
  const scope = `${Utils.className(entity)}:${field}:${direction}`;
  const conditions: object[] = [where as object];
  // An empty cursor is a truncated one, not "from the start" (that is null or no `after`).
  const after = page.after ?? null;
  if (after !== null) conditions.push(afterCursor(field, direction, decodeCursor(scope, after)));
  const dir = direction === OrderDirection.ASC ? 'asc' : 'desc';
  const orderBy = field === 'id' ? { id: dir } : { [field]: dir, id: dir };
  const rows =
    page.first === 0
      ? []
      : await em.find(entity, { $and: conditions } as FilterQuery<T>, {
          orderBy: orderBy as never,
          limit: page.first + 1,
        });
  const hasNextPage = rows.length > page.first;
  const nodes = rows.slice(0, page.first);
  const edges = nodes.map((node) => ({ node, cursor: encodeCursor(scope, sortValue(node, field), Number(node.id)) }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: () => em.count(entity, where),
  };
}

function sortValue(node: object, field: string): CursorValue {
  const value = (node as Record<string, unknown>)[field];
  if (value instanceof Date) return value.toISOString();
  return (value ?? null) as CursorValue;
}

function afterCursor(field: string, direction: OrderDirection, cursor: { value: CursorValue; id: number }): object {
  const op = direction === OrderDirection.ASC ? '$gt' : '$lt';
  if (field === 'id') return { id: { [op]: cursor.id } };
  return { $or: [{ [field]: { [op]: cursor.value } }, { [field]: cursor.value, id: { [op]: cursor.id } }] };
}
