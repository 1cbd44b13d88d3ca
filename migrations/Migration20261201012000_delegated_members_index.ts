import { Migration } from '@mikro-orm/migrations';

/**
 * A delegated list reads the members of its categories in resident order and keeps those living in its
 * subtree: the memberships of one category by resident id, ended ones included (a delegation's categories
 * cover every membership row), without touching the table.
 */
export class Migration20261201012000_delegated_members_index extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "resident_category_members_idx" on "resident_category" ("category_id", "resident_id");`);
  }
}
