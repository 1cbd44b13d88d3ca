import { Migration } from '@mikro-orm/migrations';

/**
 * The access log grows by millions of rows a month and is kept for at least six months, so it is range
 * partitioned by month: retention drops whole partitions instead of deleting rows.
 */
export class Migration20261128000100_access_log_and_pivot extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence "access_log_id_seq" as bigint;`);
    this.addSql(`create table "access_log" (
      "id" bigint not null default nextval('access_log_id_seq'),
      "occurred_at" timestamptz not null,
      "request_id" uuid not null,
      "operation_name" varchar(100) null,
      "actor_user_id" int null,
      "actor_role" "role" null,
      "actor_department_id" int null,
      "client_address" varchar(64) null,
      "action" varchar(10) not null check ("action" in ('READ', 'SEARCH', 'EXPORT')),
      "entity_type" varchar(40) not null,
      "entity_id" int null,
      "fields" text[] not null,
      "outcome" varchar(10) not null check ("outcome" in ('FULL', 'MASKED', 'DENIED')),
      "purpose" varchar(40) null,
      "basis" varchar(40) not null,
      "rule" varchar(80) null,
      "prev_hash" varchar(64) not null,
      "hash" varchar(64) not null,
      primary key ("occurred_at", "id")
    ) partition by range ("occurred_at");`);
    this.addSql(`alter sequence "access_log_id_seq" owned by "access_log"."id";`);
    this.addSql(`create index "access_log_actor_idx" on "access_log" ("actor_user_id", "occurred_at");`);
    this.addSql(`create index "access_log_subject_idx" on "access_log" ("entity_type", "entity_id", "occurred_at");`);
    this.addSql(`create index "access_log_id_idx" on "access_log" ("id");`);
    this.addSql(`create table "access_log_default" partition of "access_log" default;`);
    this.addSql(`create or replace function ensure_access_log_partition(month date) returns void language plpgsql as $$
      declare
        first_day date := date_trunc('month', month)::date;
        name text := 'access_log_' || to_char(first_day, 'YYYY_MM');
      begin
        if to_regclass(name) is null then
          execute format('create table %I partition of access_log for values from (%L) to (%L)',
                         name, first_day, (first_day + interval '1 month')::date);
        end if;
      end $$;`);
    this.addSql(`select ensure_access_log_partition((date_trunc('month', now()) + make_interval(months => m))::date)
                 from generate_series(-12, 3) as m;`);
    // The pivot is kept out of schema diffs so its reverse index (cases involving a resident) stays.
    this.addSql(`create table "case_involved_resident" (
      "case_id" int not null references "cases" ("id") on update cascade on delete cascade,
      "resident_id" int not null references "resident" ("id") on update cascade on delete cascade,
      primary key ("case_id", "resident_id"));`);
    this.addSql(`create index "case_involved_resident_resident_idx" on "case_involved_resident" ("resident_id");`);
  }
}
