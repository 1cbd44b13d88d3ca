/**
 * The SQL of Migration20261201002000_access_log_chains, kept beside it because it is long. Like the
 * migration it must never change once applied: a later change is a new migration.
 */

/**
 * Content digest (now with chain and position, skipped by concat_ws while null) and the running chain hash.
 * The digest is declared stable, which is what its body is (concat_ws and the enum's text are stable): as
 * an immutable function with a stable body the planner never inlined it, and each call cost four times as
 * much as the expression itself.
 */
export const CHAIN_FUNCTIONS = [
  `create or replace function access_log_content_digest(e access_log) returns text language sql stable as $$
      select encode(sha256(convert_to(concat_ws('|', e.id, (extract(epoch from e.occurred_at) * 1000000)::bigint, e.request_id,
        coalesce(e.operation_name, ''), coalesce(e.actor_user_id::text, ''), coalesce(e.actor_role::text, ''),
        coalesce(e.actor_department_id::text, ''), coalesce(e.client_address, ''), e.action, e.entity_type,
        coalesce(e.entity_id::text, ''), array_to_string(e.fields, ','), e.outcome, coalesce(e.purpose, ''), e.basis,
        coalesce(e.rule, ''), e.chain, e.position), 'UTF8')), 'hex')
    $$;`,
  // One step of the chain, as an aggregate: run as a window over a batch it hashes the whole batch in one
  // statement, each entry's hash = sha256(previous hash || its digest), the first one's previous the head.
  `create or replace function access_log_hash(e access_log) returns varchar language sql stable as $$
      select encode(sha256(convert_to(e.prev_hash || access_log_content_digest(e), 'UTF8')), 'hex')
    $$;`,
  `create or replace function access_log_chain_step(state varchar, head varchar, digest text) returns varchar
      language plpgsql immutable as $$
      begin
        return encode(sha256(convert_to(coalesce(state, head) || digest, 'UTF8')), 'hex');
      end $$;`,
  `create aggregate access_log_chained(varchar, text) (sfunc = access_log_chain_step, stype = varchar);`,
];

/**
 * The one way in. Under the shared log lock, takes the first chain head nobody holds (skip locked; if all
 * are held, waits for this backend's preferred one), stamps the batch with the database clock (never before
 * the chain's last entry), numbers it from the head's position, hashes and inserts it in one statement and
 * moves the head. wait_ms bounds every wait together.
 */
export const APPEND_ACCESS_LOG = `create or replace function append_access_log(entries jsonb, wait_ms integer default 3000)
  returns integer language plpgsql as $$
  declare
    started timestamptz := clock_timestamp();
    total integer := jsonb_array_length(entries);
    head access_log_chain;
    stamped_at timestamptz;
    last_hash varchar(64);
  begin
    if total = 0 then return 0; end if;
    perform set_config('lock_timeout', wait_ms || 'ms', true);
    perform pg_advisory_xact_lock_shared(3706140002);
    select * into head from access_log_chain
     order by hashint4(chain + pg_backend_pid()) limit 1 for update skip locked;
    if head.chain is null then
      perform set_config('lock_timeout',
        greatest(1, wait_ms - (extract(epoch from clock_timestamp() - started) * 1000)::integer) || 'ms', true);
      select * into head from access_log_chain order by hashint4(chain + pg_backend_pid()) limit 1 for update;
      if head.chain is null then raise exception 'the access log has no chains'; end if;
    end if;
    perform set_config('lock_timeout',
      greatest(1, wait_ms - (extract(epoch from clock_timestamp() - started) * 1000)::integer) || 'ms', true);
    stamped_at := greatest(clock_timestamp(), head.occurred_at);
    -- Parsed once for the batch; ids drawn before the rows are built, so the digest inlines on plain columns.
    with given as materialized (
      select row_number() over () as n, nextval('access_log_id_seq') as new_id, g.*
        from jsonb_populate_recordset(null::access_log, entries) g
    ), numbered as (
      select n, row(g.new_id, coalesce(g.occurred_at, stamped_at), g.request_id, g.operation_name, g.actor_user_id,
                    g.actor_role, g.actor_department_id, g.client_address, g.action, g.entity_type, g.entity_id,
                    g.fields, g.outcome, g.purpose, g.basis, g.rule, null, null, head.chain, head.position + n
                   )::access_log as r
        from given g
    ), chained as (
      select n, r, access_log_chained(head.hash, access_log_content_digest(r)) over (order by n) as hash from numbered
    ), linked as (
      select n, r, hash, lag(hash, 1, head.hash) over (order by n) as prev_hash from chained
    ), inserted as (
      insert into access_log (id, occurred_at, request_id, operation_name, actor_user_id, actor_role, actor_department_id,
                              client_address, action, entity_type, entity_id, fields, outcome, purpose, basis, rule,
                              prev_hash, hash, chain, position)
      select (r).id, (r).occurred_at, (r).request_id, (r).operation_name, (r).actor_user_id, (r).actor_role,
             (r).actor_department_id, (r).client_address, (r).action, (r).entity_type, (r).entity_id, (r).fields,
             (r).outcome, (r).purpose, (r).basis, (r).rule, prev_hash, hash, (r).chain, (r).position
        from linked
      returning position, hash
    )
    select i.hash into last_hash from inserted i order by i.position desc limit 1;
    update access_log_chain set position = head.position + total, hash = last_hash, occurred_at = stamped_at
     where chain = head.chain;
    return total;
  end $$;`;

/**
 * Verification of [range_from, range_to): the entries from before the chains as before (the contiguous id
 * range of the window), then every chain over the contiguous position range its entries in the window span,
 * entry by entry: position, link to the one before (or to the retention checkpoint of a dropped month) and
 * content. Where the window reaches a chain's end, the end must be the head the chain table holds. The
 * first bad entry found is named; a missing end names none.
 */
export const VERIFY_ACCESS_LOG = `create or replace function verify_access_log(range_from timestamptz, range_to timestamptz)
  returns table (ok boolean, checked bigint, first_bad_id bigint, problem text) language plpgsql stable as $$
  declare
    entry access_log;
    span record;
    expected_prev varchar(64);
    expected_position bigint;
    first_id bigint;
    last_id bigint;
    n bigint := 0;
    legacy_end bigint := (select c.last_id from access_log_checkpoint c where c.partition_name = 'before-chains');
  begin
    select min(f.id), max(f.id) into first_id, last_id from access_log f
     where f.chain is null and f.occurred_at >= range_from and f.occurred_at < range_to;
    if first_id is not null then
      select e.hash into expected_prev from access_log e where e.chain is null and e.id < first_id order by e.id desc limit 1;
      for entry in select * from access_log e where e.chain is null and e.id between first_id and last_id order by e.id loop
        n := n + 1;
        if entry.id > coalesce(legacy_end, 0) then
          return query select false, n, entry.id, 'belongs to no chain, yet was written after the log moved to chains';
          return;
        end if;
        if expected_prev is not null and entry.prev_hash <> expected_prev
           and not exists (select 1 from access_log_checkpoint c
                            where c.chain is null and c.last_hash = entry.prev_hash and c.last_id < entry.id) then
          return query select false, n, entry.id, 'does not follow the entry before it (an entry was removed or inserted)';
          return;
        end if;
        if entry.hash <> access_log_hash(entry) then
          return query select false, n, entry.id, 'content does not match its hash (the entry was changed)';
          return;
        end if;
        expected_prev := entry.hash;
      end loop;
    end if;
    for span in
      with inside as (
        select f.chain, min(f.position) as first_position, max(f.position) as last_position from access_log f
         where f.chain is not null and f.occurred_at >= range_from and f.occurred_at < range_to group by f.chain
      )
      select coalesce(i.chain, h.chain) as chain, i.first_position, i.last_position,
             h.chain is not null as has_head, h.position as head_position, h.hash as head_hash
        from inside i full join access_log_chain h on h.chain = i.chain
       where i.chain is not null or (h.occurred_at >= range_from and h.occurred_at < range_to and h.position > 0)
       order by 1
    loop
      if span.first_position is not null then
        expected_position := span.first_position;
        if expected_position = 1 then
          expected_prev := repeat('0', 64);
        else
          select e.hash into expected_prev from access_log e
           where e.chain = span.chain and e.position = expected_position - 1 limit 1;
          if expected_prev is null then
            select c.last_hash into expected_prev from access_log_checkpoint c
             where c.chain = span.chain and c.last_position = expected_position - 1 limit 1;
          end if;
        end if;
        for entry in select * from access_log e where e.chain = span.chain
                       and e.position between span.first_position and span.last_position order by e.position, e.id loop
          n := n + 1;
          -- A gap is only allowed where retention dropped a month (entries stamped out of order by their writer).
          if (entry.position <> expected_position or expected_prev is null or entry.prev_hash <> expected_prev)
             and not exists (select 1 from access_log_checkpoint c where c.chain = span.chain
                              and c.last_position = entry.position - 1 and c.last_hash = entry.prev_hash) then
            return query select false, n, entry.id,
              format('does not follow the entry before it in chain %s (an entry was removed or inserted)', span.chain);
            return;
          end if;
          if entry.hash <> access_log_hash(entry) then
            return query select false, n, entry.id,
              format('content does not match its hash in chain %s (the entry was changed)', span.chain);
            return;
          end if;
          expected_prev := entry.hash;
          expected_position := entry.position + 1;
        end loop;
      end if;
      if span.first_position is null then
        -- The head's last entry falls in the window, yet the window holds none of the chain's entries.
        continue when exists (select 1 from access_log_checkpoint c where c.chain = span.chain
                               and c.last_position = span.head_position and c.last_hash = span.head_hash);
        return query select false, n, null::bigint,
          format('chain %s: its newest entries, up to position %s, were removed', span.chain, span.head_position);
        return;
      end if;
      continue when exists (select 1 from access_log e where e.chain = span.chain and e.position > span.last_position);
      continue when span.head_position > span.last_position
                and exists (select 1 from access_log_checkpoint c where c.chain = span.chain
                             and c.last_position = span.head_position and c.last_hash = span.head_hash);
      if not span.has_head or span.head_position <> span.last_position or span.head_hash <> expected_prev then
        return query select false, n,
          (select e.id from access_log e where e.chain = span.chain and e.position = span.last_position limit 1),
          format('chain %s ends at position %s, but its head is at %s (entries at its end were removed or added)',
                 span.chain, span.last_position, coalesce(span.head_position::text, 'missing'));
        return;
      end if;
    end loop;
    return query select true, n, null::bigint, null::text;
  end $$;`;

/**
 * Retention as before, keeping per chain the last position and hash of each dropped month (and the last hash
 * of the entries from before the chains), so what remains still verifies.
 */
export const DROP_EXPIRED = `create or replace function drop_expired_access_log_partitions(retention_days integer)
  returns setof text language plpgsql as $$
  declare
    part record;
    upper_bound timestamptz;
  begin
    for part in select c.relname, pg_get_expr(c.relpartbound, c.oid) as bound from pg_inherits i
                 join pg_class c on c.oid = i.inhrelid where i.inhparent = 'access_log'::regclass
                  and c.relname ~ '^access_log_[0-9]{4}_[0-9]{2}$' order by c.relname loop
      upper_bound := (regexp_match(part.bound, 'TO \\(''([^'']+)''\\)'))[1]::timestamptz;
      continue when upper_bound > now() - make_interval(days => retention_days);
      continue when exists (select 1 from access_log_legal_hold h
                             where h.lifted_at is null
                               and h.held_from < upper_bound and h.held_until > upper_bound - interval '1 month');
      execute format('insert into access_log_checkpoint (partition_name, chain, last_id, last_position, last_hash)
                      select distinct on (chain) %L, chain, id, position, hash from %I
                       order by chain, position desc nulls last, id desc
                      on conflict do nothing', part.relname, part.relname);
      execute format('drop table %I', part.relname);
      return next part.relname;
    end loop;
  end $$;`;
