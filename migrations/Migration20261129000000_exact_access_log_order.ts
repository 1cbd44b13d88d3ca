import { Migration } from '@mikro-orm/migrations';

/**
 * Time and position of an entry are assigned together, under the lock that orders the chain: the time is
 * the database clock once the lock is held (never earlier than the entry before), so ids and times run in
 * the same order. Writers stamped the time before waiting for the lock, so with several writers a later id
 * could carry an earlier time, and a time window then cut the chain where no entry was missing. The server
 * sends no time; a time given by the caller (test fixtures, imports of history) is kept as given.
 *
 * wait_ms bounds the whole append: the lock wait and any lock the insert needs share one deadline.
 *
 * Verification selects the window by time but checks the contiguous id range from the first to the last
 * entry in it, so entries written before this change (whose times may be out of order) verify as well.
 */
export class Migration20261129000000_exact_access_log_order extends Migration {
  override async up(): Promise<void> {
    this
      .addSql(`create or replace function append_access_log(entries jsonb, wait_ms integer default 3000) returns integer language plpgsql as $$
      declare
        started timestamptz := clock_timestamp();
        previous varchar(64);
        previous_at timestamptz;
        stamped_at timestamptz;
        first_id bigint;
        total integer := jsonb_array_length(entries);
        batch access_log[];
        digests text[];
        entry access_log;
      begin
        if total = 0 then return 0; end if;
        perform set_config('lock_timeout', wait_ms || 'ms', true);
        perform pg_advisory_xact_lock(3706140002);
        perform set_config('lock_timeout',
          greatest(1, wait_ms - (extract(epoch from clock_timestamp() - started) * 1000)::integer) || 'ms', true);
        select hash, occurred_at into previous, previous_at from access_log order by id desc limit 1;
        previous := coalesce(previous, repeat('0', 64));
        stamped_at := greatest(clock_timestamp(), previous_at);
        -- Under the lock ids are taken as one block, so the chain's order is the ids' order, and the times'.
        first_id := nextval('access_log_id_seq');
        if total > 1 then perform setval('access_log_id_seq', first_id + total - 1); end if;
        with numbered as (
          select n, jsonb_populate_record(null::access_log, value || jsonb_build_object('id', first_id + n - 1,
                   'occurred_at', coalesce(value->>'occurred_at', stamped_at::text))) as r
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
        first_id bigint;
        last_id bigint;
        n bigint := 0;
      begin
        select min(f.id), max(f.id) into first_id, last_id from access_log f
         where f.occurred_at >= range_from and f.occurred_at < range_to;
        if first_id is null then
          return query select true, 0::bigint, null::bigint, null::text;
          return;
        end if;
        select e.hash into expected_prev from access_log e where e.id < first_id order by e.id desc limit 1;
        for entry in select * from access_log e where e.id between first_id and last_id order by e.id loop
          n := n + 1;
          if expected_prev is not null and entry.prev_hash <> expected_prev
             and not exists (select 1 from access_log_checkpoint c where c.last_hash = entry.prev_hash and c.last_id < entry.id) then
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
  }
}
