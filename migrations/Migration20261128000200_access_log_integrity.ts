import { Migration } from '@mikro-orm/migrations';

/**
 * The access log's guarantees live in the database, where every writer goes through them:
 * - append_access_log: the one way in; under an advisory lock it chains each entry to the previous one
 *   (hash = sha256(previous hash || sha256(entry content))), so two server processes append in one order;
 * - triggers refuse UPDATE, DELETE and TRUNCATE (retention drops whole partitions instead);
 * - verify_access_log recomputes the chain over a time range and names the first bad entry;
 * - legal holds keep partitions past their retention.
 */
export class Migration20261128000200_access_log_integrity extends Migration {
  override async up(): Promise<void> {
    // The entry's own content, digested set-wise (an inlinable SQL function); the chain then only hashes
    // the previous hash with this digest, one cheap step per entry.
    this
      .addSql(`create or replace function access_log_content_digest(e access_log) returns text language sql immutable as $$
      select encode(sha256(convert_to(concat_ws('|', e.id, (extract(epoch from e.occurred_at) * 1000000)::bigint, e.request_id,
        coalesce(e.operation_name, ''), coalesce(e.actor_user_id::text, ''), coalesce(e.actor_role::text, ''),
        coalesce(e.actor_department_id::text, ''), coalesce(e.client_address, ''), e.action, e.entity_type,
        coalesce(e.entity_id::text, ''), array_to_string(e.fields, ','), e.outcome, coalesce(e.purpose, ''), e.basis,
        coalesce(e.rule, '')), 'UTF8')), 'hex')
    $$;`);
    this.addSql(`create or replace function access_log_hash(e access_log) returns varchar language sql immutable as $$
      select encode(sha256(convert_to(e.prev_hash || access_log_content_digest(e), 'UTF8')), 'hex')
    $$;`);
    this
      .addSql(`create or replace function append_access_log(entries jsonb, wait_ms integer default 3000) returns integer language plpgsql as $$
      declare
        previous varchar(64);
        first_id bigint;
        total integer := jsonb_array_length(entries);
        batch access_log[];
        digests text[];
        entry access_log;
      begin
        if total = 0 then return 0; end if;
        perform set_config('lock_timeout', wait_ms || 'ms', true);
        perform pg_advisory_xact_lock(3706140002);
        select hash into previous from access_log order by id desc limit 1;
        previous := coalesce(previous, repeat('0', 64));
        -- Under the lock ids are taken as one block, so the chain's order is the ids' order.
        first_id := nextval('access_log_id_seq');
        if total > 1 then perform setval('access_log_id_seq', first_id + total - 1); end if;
        with numbered as (
          select n, jsonb_populate_record(null::access_log, value || jsonb_build_object('id', first_id + n - 1,
                   'occurred_at', coalesce(value->>'occurred_at', now()::text))) as r
            from jsonb_array_elements(entries) with ordinality as t(value, n)
        )
        select array_agg(r order by n), array_agg(access_log_content_digest(r) order by n) into batch, digests from numbered;
        for i in 1 .. total loop
          entry := batch[i];
          entry.prev_hash := previous;
          entry.hash := encode(sha256(convert_to(previous || digests[i], 'UTF8')), 'hex');
          batch[i] := entry;
          previous := entry.hash;
        end loop;
        insert into access_log select * from unnest(batch);
        return total;
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
                                 where h.held_from < upper_bound and h.held_until > upper_bound - interval '1 month');
          execute format('drop table %I', part.relname);
          return next part.relname;
        end loop;
      end $$;`);
  }
}
