import { Migration } from '@mikro-orm/migrations';
import {
  VERIFY_ACCESS_LOG,
  VERIFY_CHAIN_END,
  VERIFY_LEGACY,
  VERIFY_POSITIONS,
  VERIFY_SPANS,
} from './access-log-verify.sql';

/**
 * verify_access_log in parts (contract §8): the entries from before the chains, each chain's span in the
 * window, a batch of a chain's positions carrying the expected hash and position forward, and the chain's end.
 * The service runs the batches as statements of one repeatable-read transaction, so a long window never hits
 * the statement timeout and every batch sees the same log; verify_access_log runs the same parts in one
 * statement, with the same checks and answers as before.
 */
export class Migration20261201011800_verification_in_batches extends Migration {
  override async up(): Promise<void> {
    for (const sql of [VERIFY_LEGACY, VERIFY_SPANS, VERIFY_POSITIONS, VERIFY_CHAIN_END, VERIFY_ACCESS_LOG])
      this.addSql(sql);
  }
}
