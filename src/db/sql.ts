import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/knex';

/**
 * Runs hand-written SQL on the request's EntityManager, inside its transaction if it has one, tagged with
 * the request's logger context so the statement is counted like those the ORM builds.
 */
export function runSql<T>(
  em: EntityManager,
  query: string | Knex.QueryBuilder | Knex.Raw,
  params: unknown[] = [],
): Promise<T> {
  const loggerContext = em.getLoggerContext() as Parameters<ReturnType<EntityManager['getConnection']>['execute']>[4];
  return em
    .getConnection()
    .execute<T & object>(query, params, 'all', em.getTransactionContext(), loggerContext) as Promise<T>;
}
