import { Migration } from '@mikro-orm/migrations';

/**
 * The access log's guarantees live in the database, where every writer goes through them:
 * - append_access_log: the one way in; under an advisory lock it chains each entry to the previous one
 *   (hash = sha256(previous hash | canonical entry)), so two server processes append in one order;
 * - triggers refuse UPDATE, DELETE and TRUNCATE (retention drops whole partitions instead);
 * - verify_access_log recomputes the chain over a time range and names the first bad entry;
 * - legal holds keep partitions past their retention.
 */
export class Migration20261128000200_access_log_integrity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function access_log_canonical(e access_log) returns text language sql immutable as $$
      select concat_ws('|', e.id, (extract(epoch from e.occurred_at) * 1000000)::bigint, e.request_id, coalesce(e.operation_name, ''),
        coalesce(e.actor_user_id::text, ''), coalesce(e.actor_role::text, ''), coalesce(e.actor_department_id::text, ''),
        coalesce(e.client_address, ''), e.action, e.entity_type, coalesce(e.entity_id::text, ''), array_to_string(e.fields, ','),
        e.outcome, coalesce(e.purpose, ''), e.basis, coalesce(e.rule, ''), e.prev_hash)
    $$;`);
    this.addSql(`create or replace function access_log_hash(e access_log) returns varchar language sql immutable as $$
      select encode(sha256(convert_to(access_log_canonical(e), 'UTF8')), 'hex')
    $$;`);
    this.addSql(`create or replace function append_access_log(entries jsonb, wait_ms integer default 3000) returns integer language plpgsql as $$
      declare
        previous varchar(64);
        item jsonb;
        entry access_log;
        written integer := 0;
      begin
        perform set_config('lock_timeout', wait_ms || 'ms', true);
        perform pg_advisory_xact_lock(3706140002);
        select hash into previous from access_log order by id desc limit 1;
        previous := coalesce(previous, repeat('0', 64));
        for item in select value from jsonb_array_elements(entries) loop
          entry := jsonb_populate_record(null::access_log, item);
          entry.id := nextval('access_log_id_seq');
          entry.occurred_at := coalesce(entry.occurred_at, now());
          entry.prev_hash := previous;
          entry.hash := access_log_hash(entry);
          insert into access_log select entry.*;
          previous := entry.hash;
          written := written + 1;
        end loop;
        return written;
      end $$;`);
    this.addSql(`create or replace function verify_access_log(range_from timestamptz, range_to timestamptz)
      returns table (ok boolean, checked bigint, first_bad_id bigint, problem text) language plpgsql stable as $$
      declare
        entry access_log;
        expected_prev varchar(64);
        n bigint := 0;
      begin
        select e.hash into expected_prev from access_log e
         where e.id < coalesce((select min(f.id) from access_log f where f.occurred_at >= range_from and f.occurred_at < range_to), 0)
         order by e.id desc limit 1;
        for entry in select * from access_log e where e.occurred_at >= range_from and e.occurred_at < range_to order by e.id loop
          n := n + 1;
          if expected_prev is not null and entry.prev_hash <> expected_prev then
            return query select false, n, entry.id, 'does not follow the entry before it (an entry was removed or inserted)';
            return;
          end if;
          if entry.hash <> access_log_hash(entry) then
            return query select false, n, entry.id, 'content does not match its hash (the entry was changed)';
            return;
          end if;
          expected_prev := entry.hash;
        end loop;
        return query select true, n, null::bigint, null::text;
      end $$;`);
    this.addSql(`create or replace function refuse_access_log_change() returns trigger language plpgsql as $$
      begin
        raise exception 'the access log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(`create trigger access_log_append_only before update or delete on access_log
      for each row execute function refuse_access_log_change();`);
    this.addSql(`create trigger access_log_no_truncate before truncate on access_log
      for each statement execute function refuse_access_log_change();`);
    this.addSql(`create table access_log_legal_hold (
      id serial primary key, held_from timestamptz not null, held_until timestamptz not null,
      reason varchar(500) not null, created_at timestamptz not null default now());`);
    this.addSql(`create or replace function drop_expired_access_log_partitions(retention_days integer) returns setof text language plpgsql as $$
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
                                 where h.held_from < upper_bound and h.held_until > upper_bound - interval '1 month');
          execute format('drop table %I', part.relname);
          return next part.relname;
        end loop;
      end $$;`);
  }
}
