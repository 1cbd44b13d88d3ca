import type { TestApi } from '../../support/api';
import { sql } from '../../support/sql';

/** A delegation in force for a department and purpose, as the test reads it from its own table. */
export interface DelegationRow {
  id: number;
  gridPath: string;
  categoryCodes: string[];
  fields: string[];
  includesRestricted: boolean;
}

/** What the oracle knows of a caller, read with the test's own SQL, never through the policy's code. */
export interface Caller {
  username: string;
  role: string;
  userId: number;
  workerId: number | null;
  departmentId: number | null;
  residentId: number | null;
  residentGridId: number | null;
  /** The subtrees of its post: a worker's current grids, a leader's community, a street admin's street. */
  paths: string[];
  /** The level-2 grids (communities) its own grids lie in, for "same level-2 grid". */
  communities: string[];
  purpose?: string;
  delegation: DelegationRow | null;
}

const USER_SQL = `
  select u.id, u.role, u.worker_id, u.department_id, u.resident_id, r.grid_id as resident_grid_id, sg.path as scope_path,
         coalesce((select array_agg(g.path order by g.path) from grid_assignment a join grid g on g.id = a.grid_id
            where a.worker_id = u.worker_id and a.role = 'GRID_WORKER' and a.valid_from <= current_date
              and (a.valid_until is null or a.valid_until >= current_date)), '{}') as assigned
    from app_user u left join grid sg on sg.id = u.scope_grid_id left join resident r on r.id = u.resident_id
   where u.username = $1`;

const DELEGATION_SQL = `
  select d.id, g.path as "gridPath", d.category_codes as "categoryCodes", d.fields, d.includes_restricted as "includesRestricted"
    from delegation d join grid g on g.id = d.grid_id
   where d.department_id = $1 and d.purpose_code = $2 and d.revoked_at is null
     and d.valid_from <= now() and d.valid_until > now() order by d.id limit 1`;

export async function loadCaller(api: TestApi, username: string, purpose?: string): Promise<Caller> {
  const [u] = await sql<Record<string, never>>(api, USER_SQL, [username]);
  const paths: string[] = u.role === 'GRID_WORKER' ? u.assigned : u.scope_path ? [u.scope_path] : [];
  const communities = await sql<{ path: string }>(
    api,
    'select distinct c.path from grid c where c.level = 2 and exists (select 1 from unnest($1::text[]) p where starts_with(p, c.path))',
    [paths],
  );
  const [delegation] =
    u.department_id && purpose ? await sql<DelegationRow>(api, DELEGATION_SQL, [u.department_id, purpose]) : [];
  return {
    username,
    role: u.role,
    userId: u.id,
    workerId: u.worker_id,
    departmentId: u.department_id,
    residentId: u.resident_id,
    residentGridId: u.resident_grid_id,
    paths,
    communities: communities.map((row) => row.path),
    purpose,
    delegation: delegation ?? null,
  };
}
