/**
 * The SQL of Migration20261201011000_grouped_access_entries, kept beside it because it is long. Like the
 * migration it must never change once applied: a later change is a new migration.
 */

/**
 * The content digest now covers the subjects of a grouped entry, last, so that concat_ws skips them where they
 * are null: every entry written before (and every entry about one subject) keeps the digest it had.
 */
export const GROUPED_DIGEST = `create or replace function access_log_content_digest(e access_log) returns text language sql stable as $$
      select encode(sha256(convert_to(concat_ws('|', e.id, (extract(epoch from e.occurred_at) * 1000000)::bigint, e.request_id,
        coalesce(e.operation_name, ''), coalesce(e.actor_user_id::text, ''), coalesce(e.actor_role::text, ''),
        coalesce(e.actor_department_id::text, ''), coalesce(e.client_address, ''), e.action, e.entity_type,
        coalesce(e.entity_id::text, ''), array_to_string(e.fields, ','), e.outcome, coalesce(e.purpose, ''), e.basis,
        coalesce(e.rule, ''), e.chain, e.position,
        array_to_string(e.subject_ids, ',')), 'UTF8')), 'hex')
    $$;`;

/** The append of Migration20261201002000_access_log_chains, carrying the subjects of a grouped entry. */
export const APPEND_GROUPED_ACCESS_LOG = `create or replace function append_access_log(entries jsonb, wait_ms integer default 3000)
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
                    g.fields, g.outcome, g.purpose, g.basis, g.rule, null, null, head.chain, head.position + n, g.subject_ids
                   )::access_log as r
        from given g
    ), chained as (
      select n, r, access_log_chained(head.hash, access_log_content_digest(r)) over (order by n) as hash from numbered
    ), linked as (
      select n, r, hash, lag(hash, 1, head.hash) over (order by n) as prev_hash from chained
    ), inserted as (
      insert into access_log (id, occurred_at, request_id, operation_name, actor_user_id, actor_role, actor_department_id,
                              client_address, action, entity_type, entity_id, fields, outcome, purpose, basis, rule,
                              prev_hash, hash, chain, position, subject_ids)
      select (r).id, (r).occurred_at, (r).request_id, (r).operation_name, (r).actor_user_id, (r).actor_role,
             (r).actor_department_id, (r).client_address, (r).action, (r).entity_type, (r).entity_id, (r).fields,
             (r).outcome, (r).purpose, (r).basis, (r).rule, prev_hash, hash, (r).chain, (r).position, (r).subject_ids
        from linked
      returning position, hash
    )
    select i.hash into last_hash from inserted i order by i.position desc limit 1;
    update access_log_chain set position = head.position + total, hash = last_hash, occurred_at = stamped_at
     where chain = head.chain;
    return total;
  end $$;`;
