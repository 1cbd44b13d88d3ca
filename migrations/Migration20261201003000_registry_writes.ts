import { Migration } from '@mikro-orm/migrations';

/**
 * Writes of the base data (contract §13): version columns for optimistic concurrency, memberships that end
 * instead of disappearing (so their history is kept, and a person may rejoin a category later), a head of
 * household, the change history and the receipts that make a field app's retries safe.
 *
 * The change history is append-only like the access log: a trigger refuses every UPDATE and DELETE, so an
 * entry, once committed with its change, stays as written.
 */
export class Migration20261201003000_registry_writes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "resident" add column "version" int not null default 1, add column "moved_out_at" timestamptz null;`,
    );
    this.addSql(
      `alter table "resident_category" add column "version" int not null default 1, add column "ended_on" date null, add column "end_reason" varchar(200) null;`,
    );
    this.addSql(`alter table "resident_category" drop constraint "resident_category_resident_id_category_id_unique";`);
    this.addSql(
      `create unique index "resident_category_current_unique" on "resident_category" ("resident_id", "category_id") where "ended_on" is null;`,
    );
    this.addSql(
      `alter table "household" add column "version" int not null default 1, add column "head_id" int null references "resident" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`create table "change_entry" (
      "id" bigserial primary key,
      "at" timestamptz not null default now(),
      "actor_user_id" int not null references "app_user" ("id") on update cascade on delete restrict,
      "actor_username" varchar(60) not null,
      "actor_role" varchar(30) not null,
      "basis" varchar(80) not null,
      "entity_type" varchar(40) not null,
      "entity_id" int not null,
      "resident_id" int null,
      "grid_path" varchar(200) not null,
      "from_grid_path" varchar(200) null,
      "action" varchar(30) not null,
      "restricted" boolean not null default false,
      "changes" jsonb not null);`);
    this.addSql(`create index "change_entry_resident_idx" on "change_entry" ("resident_id", "id");`);
    this.addSql(`create index "change_entry_grid_path_idx" on "change_entry" ("grid_path" text_pattern_ops, "id");`);
    this.addSql(
      `create index "change_entry_from_grid_path_idx" on "change_entry" ("from_grid_path" text_pattern_ops, "id") where "from_grid_path" is not null;`,
    );
    this.addSql(`create function change_entry_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'the change history is append-only: % refused', tg_op using errcode = '42501';
      end $$;`);
    this.addSql(
      `create trigger "change_entry_append_only" before update or delete on "change_entry" for each statement execute function change_entry_append_only();`,
    );
    this.addSql(`create table "command_receipt" (
      "user_id" int not null references "app_user" ("id") on update cascade on delete cascade,
      "client_key" varchar(48) not null,
      "command" varchar(40) not null,
      "entity_type" varchar(40) not null,
      "entity_id" int not null,
      "created_at" timestamptz not null default now(),
      primary key ("user_id", "client_key"));`);
  }
}
