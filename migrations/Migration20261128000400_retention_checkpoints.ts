import { Migration } from '@mikro-orm/migrations';

/**
 * Retention removes whole months of the chain. Before a partition is dropped its last hash is kept as a
 * checkpoint, so verification can tell history that retention removed (the next entry follows a
 * checkpoint) from entries someone deleted (the next entry follows nothing known). Checkpoints are
 * append-only like the log.
 */
export class Migration20261128000400_retention_checkpoints extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table access_log_checkpoint (
      partition_name text primary key, last_id bigint, last_hash varchar(64), dropped_at timestamptz not null default now());`);
    this.addSql(`create trigger access_log_checkpoint_append_only before update or delete on access_log_checkpoint
      for each row execute function refuse_access_log_change();`);
    this
      .addSql(`create or replace function drop_expired_access_log_partitions(retention_days integer) returns setof text language plpgsql as $$
      declare
        part record;
        upper_bound timestamptz;
        last_id bigint;
        last_hash varchar(64);
      begin
        for part in select c.relname, pg_get_expr(c.relpartbound, c.oid) as bound from pg_inherits i
                     join pg_class c on c.oid = i.inhrelid where i.inhparent = 'access_log'::regclass
                      and c.relname ~ '^access_log_[0-9]{4}_[0-9]{2}$' order by c.relname loop
          upper_bound := (regexp_match(part.bound, 'TO \\(''([^'']+)''\\)'))[1]::timestamptz;
          continue when upper_bound > now() - make_interval(days => retention_days);
          continue when exists (select 1 from access_log_legal_hold h
                                 where h.lifted_at is null
                                   and h.held_from < upper_bound and h.held_until > upper_bound - interval '1 month');
          execute format('select id, hash from %I order by id desc limit 1', part.relname) into last_id, last_hash;
          if last_id is not null then
            insert into access_log_checkpoint (partition_name, last_id, last_hash) values (part.relname, last_id, last_hash)
            on conflict (partition_name) do nothing;
          end if;
          execute format('drop table %I', part.relname);
          return next part.relname;
        end loop;
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
