import { Migration } from '@mikro-orm/migrations';

/**
 * Access-log checkpoints linked to each other (contract §8): each names the checkpoint before it and carries
 * its signature, and its own signature covers both, so a checkpoint removed or altered between two others is
 * named by the one after it. Checkpoints from before this change keep both null and stay verifiable alone.
 * - prev_id 0 marks the first checkpoint of a log that had none.
 * - A unique prev_id: two checkpoints can never follow the same one (sealers link under one lock; this makes
 *   a fork fail instead of passing unnoticed).
 * - The table already refuses UPDATE, DELETE and TRUNCATE (Migration20261201002000_access_log_chains).
 */
export class Migration20261201011700_linked_seals extends Migration {
  override async up(): Promise<void> {
    this
      .addSql(`alter table access_log_seal add column "prev_id" bigint null, add column "prev_signature" varchar(128) null,
      add constraint access_log_seal_link_check check (("prev_id" is null) = ("prev_signature" is null));`);
    this.addSql(`create unique index access_log_seal_prev_id_idx on access_log_seal ("prev_id");`);
  }
}
