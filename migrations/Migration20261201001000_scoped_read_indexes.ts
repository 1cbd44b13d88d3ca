import { Migration } from '@mikro-orm/migrations';

/**
 * Access paths for the list reads. The row policy scopes grid-bound rows by the ids of the caller's grids
 * (`grid_id in (…)`), so a page in id order is an index range per grid rather than a walk of the primary
 * key that filters by path prefix. Open cases get a partial index in the order the case list pages them
 * (newest report first), holding the deadline columns the overdue filter tests, so the overdue page and
 * its count read only open cases.
 */
export class Migration20261201001000_scoped_read_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "resident_grid_id_id_index" on "resident" ("grid_id", "id");`);
    this.addSql(`create index "household_grid_id_id_index" on "household" ("grid_id", "id");`);
    this.addSql(`create index "cases_grid_id_id_index" on "cases" ("grid_id", "id");`);
    this.addSql(
      `create index "cases_open_reported_index" on "cases" ("reported_at" desc, "id" desc) include ("status", "resolve_due_at", "dispatch_due_at") where "status" in ('REPORTED', 'ACCEPTED', 'IN_PROGRESS', 'ESCALATED', 'DISPATCHED', 'RETURNED', 'REOPENED');`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "cases_open_reported_index";`);
    this.addSql(`drop index if exists "cases_grid_id_id_index";`);
    this.addSql(`drop index if exists "household_grid_id_id_index";`);
    this.addSql(`drop index if exists "resident_grid_id_id_index";`);
  }
}
