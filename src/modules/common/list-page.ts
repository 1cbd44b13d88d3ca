import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/postgresql';
import { Page, PageArgs } from '../../common/relay';
import { findPage, Ordering } from '../../db/paginate';
import type { SubjectType } from '../../policy/ability';
import { assertFilterable, Policy, RowFilter } from '../../policy/policy';

/** How one list query reads its filter: the rows it lists, the fields its arguments read, the condition. */
export interface ListSpec<T, F extends object> {
  /** The policy's name for the rows listed, e.g. 'Resident'. */
  type: SubjectType;
  entity: EntityName<T>;
  /** The entity field each filter argument reads; an argument given must be readable in clear. */
  filterFields: Partial<Record<keyof F, string>>;
  /** The filter as a MikroORM condition; it may look rows up (a grid's path) and refuse bad input. */
  where: (filter: F) => RowFilter | Promise<RowFilter>;
}

/** What the client asked of a list: its filter, its ordering and the page. */
export interface ListRequest<F> {
  filter: F | null | undefined;
  order: Ordering;
  page: PageArgs;
}

/**
 * Every list query the same way: the fields the filter and ordering read are checked first (filters are no
 * oracle), then the filter becomes a condition and is paged by keyset; the row policy on the EntityManager
 * narrows it to the caller's rows in SQL, so the LIMIT applies to rows the caller may see.
 */
export async function listPage<T extends { id: number | string }, F extends object>(
  em: EntityManager,
  policy: Policy,
  spec: ListSpec<T, F>,
  request: ListRequest<F>,
): Promise<Page<T>> {
  const filter = request.filter ?? ({} as F);
  assertFilterable(policy, spec.type, fieldsRead(spec.filterFields, filter), 'filter');
  assertFilterable(policy, spec.type, [request.order.field], 'orderBy');
  // The request's EntityManager narrows every query to the caller's rows (the row policy), count included.
  const where = await spec.where(filter);
  return findPage(em, spec.entity, where as FilterQuery<T>, request.order, request.page);
}

/** The fields read by the arguments actually given; null and undefined arguments read nothing. */
function fieldsRead<F extends object>(filterFields: ListSpec<unknown, F>['filterFields'], filter: F): string[] {
  return Object.entries(filter)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key]) => filterFields[key as keyof F])
    .filter((field): field is string => field !== undefined);
}
