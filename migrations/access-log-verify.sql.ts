/**
 * The SQL of Migration20261201011800_verification_in_batches, kept beside it because it is long. Like the
 * migration it must never change once applied: a later change is a new migration. The checks are those of
 * verify_access_log in access-log-chains.sql.ts, split so that a caller can run a chain's positions in
 * batches (each its own statement, within the statement timeout) carrying the expected hash forward.
 */

/** The entries from before the chains over [range_from, range_to), as before: one chain in id order. */
export const VERIFY_LEGACY = `create or replace function verify_access_log_legacy(range_from timestamptz, range_to timestamptz)
  returns table (ok boolean, checked bigint, first_bad_id bigint, problem text) language plpgsql stable as $$
  declare
    entry access_log;
    expected_prev varchar(64);
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
    return query select true, n, null::bigint, null::text;
  end $$;`;

/**
 * What verification covers of each chain: the contiguous positions its entries in the window span (null if
 * none) and its head, for every chain with entries in the window or whose newest entry falls in it.
 */
export const VERIFY_SPANS = `create or replace function access_log_verify_spans(range_from timestamptz, range_to timestamptz)
  returns table (chain integer, first_position bigint, last_position bigint, has_head boolean, head_position bigint,
                 head_hash varchar) language sql stable as $$
    with inside as (
      select f.chain, min(f.position) as first_position, max(f.position) as last_position from access_log f
       where f.chain is not null and f.occurred_at >= range_from and f.occurred_at < range_to group by f.chain
    )
    select coalesce(i.chain, h.chain)::integer, i.first_position, i.last_position,
           h.chain is not null, h.position, h.hash
      from inside i full join access_log_chain h on h.chain = i.chain
     where i.chain is not null or (h.occurred_at >= range_from and h.occurred_at < range_to and h.position > 0)
     order by 1
  $$;`;

/**
 * One batch of a chain's positions [from_position, to_position], entry by entry: position, link to the one
 * before (or to the retention checkpoint of a dropped month) and content. The first batch of a span finds the
 * hash before it itself; each later one is given the hash and position the batch before ended with.
 */
export const VERIFY_POSITIONS = `create or replace function verify_access_log_positions(span_chain integer,
    from_position bigint, to_position bigint, expected_prev varchar, expected_position bigint, first_batch boolean)
  returns table (ok boolean, checked bigint, first_bad_id bigint, problem text, last_hash varchar, next_position bigint)
  language plpgsql stable as $$
  declare
    entry access_log;
    n bigint := 0;
  begin
    if first_batch then
      expected_position := from_position;
      expected_prev := null;
      if expected_position = 1 then
        expected_prev := repeat('0', 64);
      else
        select e.hash into expected_prev from access_log e
         where e.chain = span_chain and e.position = expected_position - 1 limit 1;
        if expected_prev is null then
          select c.last_hash into expected_prev from access_log_checkpoint c
           where c.chain = span_chain and c.last_position = expected_position - 1 limit 1;
        end if;
      end if;
    end if;
    for entry in select * from access_log e where e.chain = span_chain
                   and e.position between from_position and to_position order by e.position, e.id loop
      n := n + 1;
      -- A gap is only allowed where retention dropped a month (entries stamped out of order by their writer).
      if (entry.position <> expected_position or expected_prev is null or entry.prev_hash <> expected_prev)
         and not exists (select 1 from access_log_checkpoint c where c.chain = span_chain
                          and c.last_position = entry.position - 1 and c.last_hash = entry.prev_hash) then
        return query select false, n, entry.id,
          format('does not follow the entry before it in chain %s (an entry was removed or inserted)', span_chain),
          expected_prev, expected_position;
        return;
      end if;
      if entry.hash <> access_log_hash(entry) then
        return query select false, n, entry.id,
          format('content does not match its hash in chain %s (the entry was changed)', span_chain),
          expected_prev, expected_position;
        return;
      end if;
      expected_prev := entry.hash;
      expected_position := entry.position + 1;
    end loop;
    return query select true, n, null::bigint, null::text, expected_prev, expected_position;
  end $$;`;

/**
 * A chain's end once its positions are checked: where the window reaches the chain's end, the end must be the
 * head the chain table holds (last_hash: the hash the last batch ended with). A missing end names no entry.
 */
export const VERIFY_CHAIN_END = `create or replace function verify_access_log_chain_end(span_chain integer,
    first_position bigint, last_position bigint, last_hash varchar, has_head boolean, head_position bigint,
    head_hash varchar)
  returns table (ok boolean, first_bad_id bigint, problem text) language plpgsql stable as $$
  begin
    if first_position is null then
      -- The head's last entry falls in the window, yet the window holds none of the chain's entries.
      if exists (select 1 from access_log_checkpoint c where c.chain = span_chain
                  and c.last_position = head_position and c.last_hash = head_hash) then
        return query select true, null::bigint, null::text;
        return;
      end if;
      return query select false, null::bigint,
        format('chain %s: its newest entries, up to position %s, were removed', span_chain, head_position);
      return;
    end if;
    if exists (select 1 from access_log e where e.chain = span_chain and e.position > last_position)
       or (head_position > last_position
           and exists (select 1 from access_log_checkpoint c where c.chain = span_chain
                        and c.last_position = head_position and c.last_hash = head_hash)) then
      return query select true, null::bigint, null::text;
      return;
    end if;
    if not has_head or head_position <> last_position or head_hash <> last_hash then
      return query select false,
        (select e.id from access_log e where e.chain = span_chain and e.position = last_position limit 1),
        format('chain %s ends at position %s, but its head is at %s (entries at its end were removed or added)',
               span_chain, last_position, coalesce(head_position::text, 'missing'));
      return;
    end if;
    return query select true, null::bigint, null::text;
  end $$;`;

/** The whole verification in one statement, as before, now made of the parts above (each span in one batch). */
export const VERIFY_ACCESS_LOG = `create or replace function verify_access_log(range_from timestamptz, range_to timestamptz)
  returns table (ok boolean, checked bigint, first_bad_id bigint, problem text) language plpgsql stable as $$
  declare
    legacy record;
    span record;
    part record;
    ended record;
    span_hash varchar(64);
    n bigint;
  begin
    select * into legacy from verify_access_log_legacy(range_from, range_to);
    n := legacy.checked;
    if not legacy.ok then
      return query select false, n, legacy.first_bad_id, legacy.problem;
      return;
    end if;
    for span in select * from access_log_verify_spans(range_from, range_to) loop
      span_hash := null;
      if span.first_position is not null then
        select * into part from verify_access_log_positions(span.chain, span.first_position, span.last_position,
                                                            null, null, true);
        n := n + part.checked;
        if not part.ok then
          return query select false, n, part.first_bad_id, part.problem;
          return;
        end if;
        span_hash := part.last_hash;
      end if;
      select * into ended from verify_access_log_chain_end(span.chain, span.first_position, span.last_position,
                                                           span_hash, span.has_head, span.head_position, span.head_hash);
      if not ended.ok then
        return query select false, n, ended.first_bad_id, ended.problem;
        return;
      end if;
    end loop;
    return query select true, n, null::bigint, null::text;
  end $$;`;
