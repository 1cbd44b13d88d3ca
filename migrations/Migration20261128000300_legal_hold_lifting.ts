import { Migration } from '@mikro-orm/migrations';

/**
 * Legal holds record who placed them, and are lifted rather than deleted, so the history of what was kept
 * and why stays visible. Retention honours only holds still in force.
 */
export class Migration20261128000300_legal_hold_lifting extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "access_log_legal_hold" add column "placed_by_id" int null, add column "lifted_at" timestamptz null, add column "lifted_by_id" int null;`,
    );
    this.addSql(
      `alter table "access_log_legal_hold" add constraint "access_log_legal_hold_placed_by_id_foreign" foreign key ("placed_by_id") references "app_user" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "access_log_legal_hold" add constraint "access_log_legal_hold_lifted_by_id_foreign" foreign key ("lifted_by_id") references "app_user" ("id") on update cascade on delete restrict;`,
    );
    this
      .addSql(`create or replace function drop_expired_access_log_partitions(retention_days integer) returns setof text language plpgsql as $$
      declare
        part record;
        upper_bound timestamptz;
      begin
        for part in select c.relname, pg_get_expr(c.relpartbound, c.oid) as bound from pg_inherits i
                     join pg_class c on c.oid = i.inhrelid where i.inhparent = 'access_log'::regclass
                      and c.relname ~ '^access_log_[0-9]{4}_[0-9]{2}$' loop
          upper_bound := (regexp_match(part.bound, 'TO \\(''([^'']+)''\\)'))[1]::timestamptz;
          continue when upper_bound > now() - make_interval(days => retention_days);
          continue when exists (select 1 from access_log_legal_hold h
                                 where h.lifted_at is null
                                   and h.held_from < upper_bound and h.held_until > upper_bound - interval '1 month');
          execute format('drop table %I', part.relname);
          return next part.relname;
        end loop;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "access_log_legal_hold" drop column "placed_by_id", drop column "lifted_at", drop column "lifted_by_id";`,
    );
  }
}
