import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Anonymises every resident who moved out of the district more than `retentionDays` ago and is not yet
 * anonymised, in one transaction (the database function `anonymise_moved_out_residents` does the work and
 * is the only way the change history's values are ever cleared). Answers the ids of the residents anonymised.
 */
export async function anonymiseMovedOutResidents(em: EntityManager, retentionDays: number): Promise<number[]> {
  const rows = await em
    .getConnection()
    .execute<{ id: number }[]>('select anonymise_moved_out_residents(?) as id', [retentionDays]);
  return rows.map((row) => Number(row.id));
}
