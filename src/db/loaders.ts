import DataLoader from 'dataloader';
import { raw, type EntityClass, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { runSql } from './sql';

type Row = { id: number };

/**
 * The request's batch loaders. Every relation a resolver follows goes through here, so it is batched
 * (one statement per relation and page, whatever the page size) and scoped like any list by the row policy
 * the request's EntityManager carries. Built per request: nothing is cached across requests or users.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  constructor(private readonly em: EntityManager) {}

  /** Rows by primary key; a row outside the caller's scope loads as null. */
  byId<T extends Row>(entity: EntityClass<T>): DataLoader<number, T | null> {
    return this.memo(`id:${entity.name}`, async (ids: readonly number[]) => {
      const rows = await this.em.find(entity, { id: { $in: [...ids] } } as unknown as FilterQuery<T>);
      // Keyed as text: a bigint key (the access log's) comes back from the driver as a string.
      const byId = new Map(rows.map((row) => [String(row.id), row]));
      return ids.map((id) => byId.get(String(id)) ?? null);
    });
  }

  /** Children by a foreign key (e.g. case events by case), each list scoped and ordered. */
  manyBy<T extends Row>(
    entity: EntityClass<T>,
    foreignKey: string,
    orderBy: Record<string, 'asc' | 'desc'> = { id: 'asc' },
  ): DataLoader<number, T[]> {
    return this.memo(`many:${entity.name}.${foreignKey}`, async (keys: readonly number[]) => {
      const where = { [foreignKey]: { $in: [...keys] } } as FilterQuery<T>;
      const rows = await this.em.find(entity, where, { orderBy: orderBy as never });
      const groups = new Map<number, T[]>(keys.map((key) => [key, []]));
      for (const row of rows) groups.get(foreignKeyOf(row, foreignKey))?.push(row);
      return keys.map((key) => groups.get(key) ?? []);
    });
  }

  /**
   * The first `first` children of each parent by id (e.g. a grid's residents), in one statement: rows are
   * scoped and ranked per parent in SQL, so no parent's page is cut from rows the caller may not see.
   */
  firstPerParent<T extends Row>(entity: EntityClass<T>, foreignKey: string, first: number): DataLoader<number, T[]> {
    return this.memo(`first:${entity.name}.${foreignKey}.${first}`, async (keys: readonly number[]) => {
      const column = this.em.getMetadata().get(entity.name).properties[foreignKey].fieldNames[0];
      const where = { [foreignKey]: { $in: [...keys] } } as FilterQuery<T>;
      const builder = this.em
        .createQueryBuilder(entity, 'e')
        .select(['e.*', raw(`row_number() over (partition by e.${column} order by e.id) as "rank_in_parent"`)])
        .where(where);
      // Query builders are not filtered by themselves: the request's row policy is applied explicitly.
      await builder.applyFilters();
      const ranked = builder.getKnexQuery();
      const query = this.em
        .getKnex()
        .select('*')
        .from(ranked.as('ranked'))
        .where('rank_in_parent', '<=', first)
        .orderBy('id');
      const rows = await runSql<Record<string, unknown>[]>(this.em, query);
      const groups = new Map<number, T[]>(keys.map((key) => [key, []]));
      for (const { rank_in_parent: _rank, ...row } of rows) {
        const child = this.em.map(entity, row as never) as T;
        groups.get(foreignKeyOf(child, foreignKey))?.push(child);
      }
      return keys.map((key) => groups.get(key) ?? []);
    });
  }

  /** A loader of the module's own making, kept for the request under a unique name. */
  custom<K, V>(name: string, batch: DataLoader.BatchLoadFn<K, V>): DataLoader<K, V> {
    return this.memo(`custom:${name}`, batch);
  }

  private memo<K, V>(key: string, batch: DataLoader.BatchLoadFn<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

function foreignKeyOf(row: object, foreignKey: string): number {
  const value = (row as Record<string, unknown>)[foreignKey];
  return typeof value === 'object' && value !== null ? (value as Row).id : (value as number);
}
