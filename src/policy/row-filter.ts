import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubjectType } from './ability';
import { NO_ROWS, type Policy } from './policy';

/** The name of the row filter every request's EntityManager carries. */
export const ROW_POLICY = 'rowPolicy';

/**
 * The one visible opt-out of the row policy, for the few reads that must see rows before anyone is known
 * (login looks a user up by name). Grep for it: every use is a decision someone made on purpose.
 */
export function withoutRowPolicy(): { filters: Record<string, boolean> } {
  // A new object each time: the ORM writes into the options it is given.
  return { filters: { [ROW_POLICY]: false } };
}

/**
 * Default deny at the data layer: every find, findOne, count and relation load of the request's
 * EntityManager is filtered by the caller's row rules for that entity, so no call site can forget to ask.
 * A caller without a token sees no row at all. Join tables of many-to-many relations carry no rows of
 * their own: the rows on both sides are filtered.
 */
export function enforceRowPolicy(em: EntityManager, policy: Policy | null): void {
  const metadata = em.getMetadata();
  const condition = (_args: unknown, _type: unknown, _em: unknown, _options: unknown, entityName?: string) => {
    if (!entityName || metadata.find(entityName)?.pivotTable) return {};
    return policy ? policy.rowFilter(entityName as SubjectType) : NO_ROWS;
  };
  em.addFilter(ROW_POLICY, condition, undefined, { default: true, args: false });
}
