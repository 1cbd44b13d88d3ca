import { Migration } from '@mikro-orm/migrations';

/**
 * Anonymising residents who moved out of the district, after the retention period (contract §13, PIPL
 * art. 47). The record stays as a count (gender, residence type, birth year, grid), every personal field is
 * cleared, memberships lose their details, visits their notes, and the change history keeps who changed
 * what and when with the values cleared.
 *
 * The history is append-only; the one exception is narrow and made here on purpose: an UPDATE of an entry
 * passes only inside `anonymise_moved_out_residents` (which names the resident in a transaction-local
 * setting), only for an entry of that resident, only once the resident's record is anonymised, only when
 * nothing but the values changes and every value becomes null. DELETE stays refused. Each anonymisation is
 * recorded. The access log is not touched: its chains still verify.
 */
export class Migration20261201010100_anonymisation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "resident" add column "anonymised_at" timestamptz null;`);
    this.addSql(`create table "resident_anonymisation" (
      "resident_id" int primary key references "resident" ("id") on update cascade on delete cascade,
      "anonymised_at" timestamptz not null default now(),
      "moved_out_at" timestamptz not null,
      "history_entries_cleared" int not null);`);
    this.addSql(`drop trigger "change_entry_append_only" on "change_entry";`);
    this.addSql(
      `create trigger "change_entry_no_delete" before delete on "change_entry" for each statement execute function change_entry_append_only();`,
    );
    this.addSql(`create function change_entry_values_cleared() returns trigger language plpgsql as $$
      begin
        if current_setting('change_entry.anonymising', true) = old.resident_id::text
           and exists (select 1 from resident r where r.id = old.resident_id and r.anonymised_at is not null)
           and (to_jsonb(new) - 'changes') = (to_jsonb(old) - 'changes')
           and jsonb_array_length(new.changes) = jsonb_array_length(old.changes)
           and not exists (select 1 from jsonb_array_elements(new.changes) c
                            where c -> 'old' <> 'null'::jsonb or c -> 'new' <> 'null'::jsonb) then
          return new;
        end if;
        raise exception 'the change history is append-only: UPDATE refused' using errcode = '42501';
      end $$;`);
    this.addSql(
      `create trigger "change_entry_append_only" before update on "change_entry" for each row execute function change_entry_values_cleared();`,
    );
    this.addSql(ANONYMISE);
  }
}

/** One transaction per call; answers the residents anonymised. Birth dates keep the year only (1 January). */
const ANONYMISE = `create function anonymise_moved_out_residents(retention_days int) returns setof int
  language plpgsql security definer set search_path = public as $$
  declare
    target record;
    cleared int;
  begin
    for target in
      select id, moved_out_at from resident
       where moved_out_at < now() - make_interval(days => retention_days) and anonymised_at is null
       order by id for update
    loop
      update resident set name = '已匿名', phone = null, address = '',
             id_number = 'ANON' || lpad(target.id::text, 14, '0'),
             birth_date = date_trunc('year', birth_date)::date,
             household_id = null, anonymised_at = now(), version = version + 1, updated_at = now()
       where id = target.id;
      update resident_category set details = null where resident_id = target.id and details is not null;
      update visit set notes = '' where resident_id = target.id;
      update change_request set phone = null, address = null where resident_id = target.id;
      perform set_config('change_entry.anonymising', target.id::text, true);
      update change_entry
         set changes = (select coalesce(jsonb_agg(jsonb_build_object('field', c -> 'field', 'old', null, 'new', null)
                                                  order by n), '[]'::jsonb)
                          from jsonb_array_elements(changes) with ordinality as e(c, n))
       where resident_id = target.id;
      get diagnostics cleared = row_count;
      perform set_config('change_entry.anonymising', '', true);
      insert into resident_anonymisation (resident_id, moved_out_at, history_entries_cleared)
      values (target.id, target.moved_out_at, cleared);
      return next target.id;
    end loop;
  end $$;`;
