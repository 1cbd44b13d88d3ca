import { Migration } from '@mikro-orm/migrations';

/**
 * Residents' correction requests (contract §13, PIPL art. 46): the values asked for, the version of the
 * record they were asked on (a later change of the record makes the request stale), and the decision.
 */
export class Migration20261201010000_change_requests extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "change_request_status" as enum ('PENDING', 'CONFIRMED', 'REJECTED');`);
    this.addSql(`create table "change_request" (
      "id" serial primary key,
      "resident_id" int not null references "resident" ("id") on update cascade on delete cascade,
      "base_version" int not null,
      "phone" varchar(20) null,
      "address" varchar(200) null,
      "status" "change_request_status" not null default 'PENDING',
      "reason" varchar(200) null,
      "filed_at" timestamptz not null default now(),
      "decided_at" timestamptz null,
      "decided_by" varchar(60) null);`);
    this.addSql(`create index "change_request_resident_id_id_index" on "change_request" ("resident_id", "id");`);
    this.addSql(
      `create index "change_request_pending_idx" on "change_request" ("resident_id") where "status" = 'PENDING';`,
    );
  }
}
