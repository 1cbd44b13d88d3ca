import { Client } from 'pg';

/** The role PostGraphile switches to for every request (pgSettings `role`); it never logs in itself. */
export const POSTGRAPHILE_ROLE = 'bench_postgraphile';

/** Where the policy finds the caller's grid paths: PostGraphile sets it per transaction from the verified token. */
export const GRID_PATHS_SETTING = 'jwt.claims.grid_paths';

/** What the benchmark's tokens for PostGraphile say they are from and for (postgraphile-server.ts checks both). */
export const POSTGRAPHILE_ISSUER = 'grid-bench';
export const POSTGRAPHILE_AUDIENCE = 'postgraphile';

/**
 * Row-level security as a PostGraphile 4 deployment would write W1's rule: a resident row is visible when its
 * grid_path starts with one of the caller's grid paths (comma-separated in the setting); every grid is
 * readable, since the page only needs its residents' grid names. Not FORCEd: the API and the floor connect as
 * the tables' owner, which bypasses the policy, so enabling it changes nothing they see. The role is
 * cluster-wide and may be left from another database of the run, hence the guard.
 */
const ENABLE = `
do $$ begin
  if not exists (select 1 from pg_roles where rolname = '${POSTGRAPHILE_ROLE}') then
    create role ${POSTGRAPHILE_ROLE} nologin;
  end if;
end $$;
grant ${POSTGRAPHILE_ROLE} to current_user;
grant usage on schema public to ${POSTGRAPHILE_ROLE};
grant select on resident, grid to ${POSTGRAPHILE_ROLE};
alter table resident enable row level security;
drop policy if exists ${POSTGRAPHILE_ROLE}_residents on resident;
create policy ${POSTGRAPHILE_ROLE}_residents on resident for select to ${POSTGRAPHILE_ROLE}
  using (grid_path like any (array(
    select prefix || '%' from unnest(string_to_array(current_setting('${GRID_PATHS_SETTING}', true), ',')) as prefix
  )));
`;

/** Back to the schema the migrations made: no policy, no row-level security, no grants to the role. */
const DISABLE = `
drop policy if exists ${POSTGRAPHILE_ROLE}_residents on resident;
alter table resident disable row level security;
revoke select on resident, grid from ${POSTGRAPHILE_ROLE};
revoke usage on schema public from ${POSTGRAPHILE_ROLE};
`;

async function run(databaseUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export const enableRowLevelSecurity = (databaseUrl: string) => run(databaseUrl, ENABLE);
export const disableRowLevelSecurity = (databaseUrl: string) => run(databaseUrl, DISABLE);
