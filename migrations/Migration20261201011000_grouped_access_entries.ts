import { Migration } from '@mikro-orm/migrations';
import { APPEND_GROUPED_ACCESS_LOG, GROUPED_DIGEST } from './grouped-access-entries.sql';

/**
 * One access-log entry per request, entity type, outcome and set of fields, naming every subject it covers
 * (contract §8), instead of one entry per subject: a list page of 50 residents read alike is one entry, not
 * 50, hashed, chained and indexed once.
 * - `subject_ids` holds the subjects of an entry covering two or more, with `entity_id` null; an entry about
 *   one subject keeps it in `entity_id` as before, so entries written before this change need no rewrite.
 * - "Who read this record" finds both forms: the subject index as before, a GIN index on `subject_ids`.
 * - The digest covers `subject_ids` (skipped where null, so every existing hash still verifies), and the
 *   append writes it.
 */
export class Migration20261201011000_grouped_access_entries extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table access_log add column "subject_ids" int[] null
      constraint access_log_grouped_subjects check ("subject_ids" is null or ("entity_id" is null and cardinality("subject_ids") > 1));`);
    // Without the pending list: each append updates the index at once (a few microseconds per subject), and
    // the planner never sees an unflushed list it must scan whole, which made it choose a sequential scan.
    this.addSql(
      `create index "access_log_subjects_idx" on access_log using gin ("subject_ids") with (fastupdate = off);`,
    );
    this.addSql(GROUPED_DIGEST);
    this.addSql(APPEND_GROUPED_ACCESS_LOG);
  }
}
