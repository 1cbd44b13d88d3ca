import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from './roles';

/**
 * Everything the rules need to know about the caller, loaded once per request: the post, the grid
 * subtrees it covers and its links to a worker, department or resident record.
 */
export interface Principal {
  userId: number;
  username: string;
  role: Role;
  workerId: number | null;
  departmentId: number | null;
  residentId: number | null;
  /** Materialized paths of the grids whose subtrees the post covers (the root's for the whole district). */
  scopePaths: string[];
  /** The level-2 grid path of the caller's worker record: "same community" for colleague lookups. */
  homeGridPath: string | null;
  /** The grid of the caller's own resident record, for the RESIDENT post. */
  residentGridId: number | null;
}

interface PrincipalRow {
  id: number;
  username: string;
  role: Role;
  worker_id: number | null;
  department_id: number | null;
  resident_id: number | null;
  active: boolean;
  scope_path: string | null;
  root_path: string | null;
  home_grid_path: string | null;
  resident_grid_id: number | null;
  assigned_paths: string[] | null;
}

/** One statement: the user with its scope grid, its worker's current grids and its resident's grid. */
const PRINCIPAL_SQL = `
  select u.id, u.username, u.role, u.worker_id, u.department_id, u.resident_id, u.active,
         sg.path as scope_path, w.home_grid_path, r.grid_id as resident_grid_id,
         (select path from grid where parent_id is null order by id limit 1) as root_path,
         (select array_agg(g.path) from grid_assignment a join grid g on g.id = a.grid_id
           where a.worker_id = u.worker_id and a.role = 'GRID_WORKER'
             and a.valid_from <= current_date and (a.valid_until is null or a.valid_until >= current_date)) as assigned_paths
    from app_user u
    left join grid sg on sg.id = u.scope_grid_id
    left join worker w on w.id = u.worker_id
    left join resident r on r.id = u.resident_id
   where u.id = ?`;

const DISTRICT_WIDE = new Set<Role>([Role.COMMAND_CENTER, Role.DISTRICT_ADMIN, Role.PRIVACY_OFFICER]);

export async function loadPrincipal(em: EntityManager, userId: number): Promise<Principal | null> {
  const [row] = await em.getConnection().execute<PrincipalRow[]>(PRINCIPAL_SQL, [userId]);
  if (!row || !row.active) return null;
  return {
    userId: row.id,
    username: row.username,
    role: row.role,
    workerId: row.worker_id,
    departmentId: row.department_id,
    residentId: row.resident_id,
    scopePaths: scopePathsOf(row),
    homeGridPath: row.home_grid_path,
    residentGridId: row.resident_grid_id,
  };
}

function scopePathsOf(row: PrincipalRow): string[] {
  if (DISTRICT_WIDE.has(row.role)) return row.root_path ? [row.root_path] : [];
  if (row.role === Role.GRID_WORKER) return row.assigned_paths ?? [];
  return row.scope_path ? [row.scope_path] : [];
}
