import { Migration } from '@mikro-orm/migrations';
import { APPEND_ACCESS_LOG, CHAIN_FUNCTIONS, DROP_EXPIRED, VERIFY_ACCESS_LOG } from './access-log-chains.sql';

/**
 * The access log as several independent hash chains instead of one behind a global lock (contract §8).
 * - Each entry belongs to one chain (1…n) and has a position in it; a chain's head (position, hash, time)
 *   is one row of access_log_chain, locked by the writer that extends it. A writer takes the first chain
 *   nobody holds (in an order that differs by backend), so concurrent writers rarely wait for each other.
 * - Entries written before this change keep chain and position null: one chain in id order, verified as
 *   before. Their content digest is unchanged, since concat_ws skips the two null columns.
 * - Writers take the log's advisory lock in shared mode: they never wait for each other on it, but a bulk
 *   load of history (seeds) or an operator holding it exclusively still stops every append (fail closed).
 * - access_log_seal holds signed checkpoints of all heads (a Merkle root over them, signed by the service),
 *   written by the server; verification checks them against the entries.
 * - Retention keeps, per chain, the last position and hash of a dropped month (access_log_checkpoint).
 */
export class Migration20261201002000_access_log_chains extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table access_log add column "chain" smallint null, add column "position" bigint null;`);
    this.addSql(`create index "access_log_chain_idx" on access_log ("chain", "position");`);
    this.addSql(`create table access_log_chain (
      "chain" smallint primary key check ("chain" > 0),
      "position" bigint not null default 0,
      "hash" varchar(64) not null default repeat('0', 64),
      "occurred_at" timestamptz not null default '-infinity');`);
    this.addSql(`insert into access_log_chain ("chain") select generate_series(1, 8);`);
    this.addSql(`create table access_log_seal (
      "id" bigserial primary key,
      "sealed_at" timestamptz not null,
      "heads" jsonb not null,
      "root" varchar(64) not null,
      "signature" varchar(128) not null);`);
    this.addSql(`create index "access_log_seal_sealed_at_idx" on access_log_seal ("sealed_at");`);
    this.addSql(`create trigger access_log_seal_append_only before update or delete on access_log_seal
      for each row execute function refuse_access_log_change();`);
    this.addSql(`create trigger access_log_seal_no_truncate before truncate on access_log_seal
      for each statement execute function refuse_access_log_change();`);
    this.addSql(`alter table access_log_checkpoint drop constraint access_log_checkpoint_pkey,
      add column "chain" smallint null, add column "last_position" bigint null;`);
    this.addSql(`create unique index access_log_checkpoint_chain_idx on access_log_checkpoint (partition_name, "chain")
      nulls not distinct;`);
    // The end of the entries from before the chains: no entry without a chain may follow it.
    this.addSql(`insert into access_log_checkpoint (partition_name, "chain", last_id, last_hash)
      select 'before-chains', null, coalesce(max(id), 0), (select hash from access_log order by id desc limit 1) from access_log;`);
    for (const sql of CHAIN_FUNCTIONS) this.addSql(sql);
    this.addSql(APPEND_ACCESS_LOG);
    this.addSql(VERIFY_ACCESS_LOG);
    this.addSql(DROP_EXPIRED);
  }
}
