import { Migration } from '@mikro-orm/migrations';

/**
 * The caller's principal is read on every request; two of its parts scanned the whole grid table (3,727 rows
 * at the district's size, ≈ 0.85 ms of PostgreSQL time per request): the district's root, and each scope's
 * subtree, whose prefix test the planner could not serve from the path index. The root gets an index of
 * its own; the subtree reads the existing `grid_path_prefix_idx` (text_pattern_ops) by range.
 */
export class Migration20261201011100_principal_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "grid_root_idx" on "grid" ("id") where "parent_id" is null;`);
  }
}
