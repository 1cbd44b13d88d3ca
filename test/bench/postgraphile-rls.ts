import { runSql } from './database';

/** The role PostGraphile switches to for every request (pgSettings `role`); it never logs in itself. */
export const POSTGRAPHILE_ROLE = 'bench_postgraphile';

/** Where the policy finds the caller's grid paths: PostGraphile sets it per transaction from the verified token. */
export const GRID_PATHS_SETTING = 'jwt.claims.grid_paths';

/** What the benchmark's tokens for PostGraphile say they are from and for (postgraphile-server.ts checks both). */
export const POSTGRAPHILE_ISSUER = 'grid-bench';
export const POSTGRAPHILE_AUDIENCE = 'postgraphile';

/** The caller's grid paths as LIKE patterns, from the setting PostGraphile fills per transaction. */
const CALLER_PATTERNS = `array(
  select prefix || '%' from unnest(string_to_array(current_setting('${GRID_PATHS_SETTING}', true), ',')) as prefix
)`;

/**
 * Two ways a PostGraphile 4 deployment could write W1's rule, a resident row being visible when its grid_path
 * starts with one of the caller's grid paths:
 * - `plain`: the rule itself as the policy. PostgreSQL learns the paths only when the statement runs, so it
 *   plans `order by id limit 50` as a walk of the primary key filtered by the policy, which for a worker whose
 *   residents come late in id order reads nearly the whole table.
 * - `ids`: the tuning RLS guides recommend, a SECURITY DEFINER function evaluated once per statement (wrapped in
 *   a select) listing the ids of the caller's residents through their grids; the page then reads those ids in
 *   order from the primary key.
 */
export type RlsPolicy = 'plain' | 'ids';

const POLICIES: Record<RlsPolicy, string> = {
  plain: `grid_path like any (${CALLER_PATTERNS})`,
  ids: `id = any (cast((select ${POSTGRAPHILE_ROLE}_residents()) as int[]))`,
};

/**
 * The role, its grants, and the chosen policy on resident; every grid is readable, since the page only needs
 * its residents' grid names. Not FORCEd: the API and the floor connect as the tables' owner, which bypasses
 * the policy, so enabling it changes nothing they see. The role is cluster-wide and may be left from another
 * database of the run, hence the guard.
 */
const enable = (policy: RlsPolicy) => `
do $$ begin
  if not exists (select 1 from pg_roles where rolname = '${POSTGRAPHILE_ROLE}') then
    create role ${POSTGRAPHILE_ROLE} nologin;
  end if;
end $$;
grant ${POSTGRAPHILE_ROLE} to current_user;
grant usage on schema public to ${POSTGRAPHILE_ROLE};
grant select on resident, grid to ${POSTGRAPHILE_ROLE};
create or replace function ${POSTGRAPHILE_ROLE}_residents() returns int[]
  language sql stable security definer set search_path = public as $$
  select coalesce(array_agg(r.id), '{}') from grid g join resident r on r.grid_id = g.id
   where g.path like any (${CALLER_PATTERNS})
$$;
grant execute on function ${POSTGRAPHILE_ROLE}_residents() to ${POSTGRAPHILE_ROLE};
alter table resident enable row level security;
drop policy if exists ${POSTGRAPHILE_ROLE}_residents on resident;
create policy ${POSTGRAPHILE_ROLE}_residents on resident for select to ${POSTGRAPHILE_ROLE} using (${POLICIES[policy]});
`;

/** Back to the schema the migrations made: no policy, no row-level security, no function, no grants to the role. */
const DISABLE = `
drop policy if exists ${POSTGRAPHILE_ROLE}_residents on resident;
alter table resident disable row level security;
drop function if exists ${POSTGRAPHILE_ROLE}_residents();
revoke select on resident, grid from ${POSTGRAPHILE_ROLE};
revoke usage on schema public from ${POSTGRAPHILE_ROLE};
`;

export const enableRowLevelSecurity = (databaseUrl: string, policy: RlsPolicy) => runSql(databaseUrl, enable(policy));
export const disableRowLevelSecurity = (databaseUrl: string) => runSql(databaseUrl, DISABLE);
