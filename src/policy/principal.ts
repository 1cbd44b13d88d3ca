import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '../db/sql';
import { runPrepared } from '../db/prepared';
import { batchedPerPool } from '../db/batched-statement';
import { Role } from './roles';

/** A partner department's active grant, chosen by the purpose its request states. */
export interface ActiveDelegation {
  id: number;
  gridPath: string;
  categoryCodes: string[];
  fields: string[];
  includesRestricted: boolean;
  purposeCode: string;
}

/** An open break-the-glass access: one resident or one grid subtree, until it expires. */
export interface ActiveEmergency {
  id: number;
  residentId: number | null;
  gridPath: string | null;
  expiresAt: string;
}

/**
 * Everything the rules need to know about the caller, loaded once per request: the post, the grid
 * subtrees it covers, its links to a worker, department or resident record, and its grants.
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
  /**
   * For a post below the district: the ids of the grids in each of its subtrees and its delegation's, by the
   * subtree's path. The row policy filters on `grid_id` with them in SQL, an equality the planner estimates from the grids'
   * own statistics, where a prefix match per subtree left it guessing (and walking the primary key).
   */
  gridIdsUnder?: Record<string, number[]>;
  /** The level-2 grid path of the caller's worker record: "same community" for colleague lookups. */
  homeGridPath: string | null;
  /** The grid of the caller's own resident record, for the RESIDENT post. */
  residentGridId: number | null;
  /** The purpose the request states (X-Access-Purpose), if any. */
  purpose: string | null;
  /** The department's active delegation for that purpose; null when none matches or none was stated. */
  delegation: ActiveDelegation | null;
  emergencies: ActiveEmergency[];
  /** Ids of the special categories labelled RESTRICTED (T4): posts below T4 see no membership in them. */
  restrictedCategoryIds: number[];
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
  assigned_paths: string[] | null;
  scope_grid_ids: Record<string, number[]> | null;
  delegations: ActiveDelegation[] | null;
  emergencies: ActiveEmergency[] | null;
  restricted_category_ids: number[];
}

/**
 * One statement: the user with its scope, its worker's current grids, its grants in force now. It does not
 * touch the resident table, so staff keep working while that table is locked (a bulk import, a migration).
 */
// The deciding delegation's subtree is resolved to grid ids like the post's own, for the same filter by grid id.
// A subtree is read from the path index by range: paths are digits and slashes, all below '~' (text_pattern_ops
// compares bytes), and starts_with keeps the prefix test exact whatever a path holds.
const PRINCIPAL_OF_ASKED = `
  select u.id, u.username, u.role, u.worker_id, u.department_id, u.resident_id, u.active,
         sg.path as scope_path, w.home_grid_path,
         (select path from grid where parent_id is null order by id limit 1) as root_path,
         (select coalesce(array_agg(id order by id), '{}') from special_category
           where security_label = 'RESTRICTED') as restricted_category_ids,
         asg.paths as assigned_paths,
         (select json_object_agg(s.path, (select coalesce(json_agg(g.id order by g.id), '[]') from grid g
                 where g.path ~>=~ s.path and g.path ~<~ (s.path || '~') and starts_with(g.path, s.path)))
            from unnest(coalesce(asg.paths, '{}') || coalesce(dl.paths, '{}') || sg.path) as s(path)
           where s.path is not null) as scope_grid_ids,
         dl.grants as delegations,
         (select json_agg(json_build_object('id', e.id, 'residentId', e.resident_id, 'gridPath', eg.path, 'expiresAt', e.expires_at) order by e.id)
            from emergency_access e left join grid eg on eg.id = e.grid_id
           where e.user_id = u.id and e.closed_at is null and e.expires_at > now()) as emergencies
    from app_user u
    left join grid sg on sg.id = u.scope_grid_id
    left join worker w on w.id = u.worker_id
    left join lateral (
      select json_agg(json_build_object('id', d.id, 'gridPath', dg.path, 'categoryCodes', d.category_codes,
               'fields', d.fields, 'includesRestricted', d.includes_restricted, 'purposeCode', d.purpose_code) order by d.id)
               as grants, (array_agg(dg.path order by d.id))[1:1] as paths
        from delegation d join grid dg on dg.id = d.grid_id
       where d.department_id = u.department_id and d.purpose_code = q.purpose
         and d.revoked_at is null and d.valid_from <= now() and d.valid_until > now()) dl on true
    left join lateral (
      select array_agg(g.path order by g.path) as paths from grid_assignment a join grid g on g.id = a.grid_id
       where a.worker_id = u.worker_id and a.role = 'GRID_WORKER'
         and a.valid_from <= current_date and (a.valid_until is null or a.valid_until >= current_date)) asg on true
   where u.id = q.user_id`;

/** Every principal asked together, each by its user id and stated purpose, by its place in the ask. */
const PRINCIPALS_SQL = `select q.n, p.* from unnest(?::int[], ?::text[]) with ordinality as q(user_id, purpose, n)
  cross join lateral (${PRINCIPAL_OF_ASKED}) p`;

interface Ask {
  em: EntityManager;
  userId: number;
  purpose: string;
}

async function principalRows(asks: Ask[]): Promise<(PrincipalRow | undefined)[]> {
  const params = [asks.map((ask) => ask.userId), asks.map((ask) => ask.purpose)];
  const onBehalfOf = asks.map((ask) => ask.em);
  const rows = await runPrepared<PrincipalRow & { n: string }>(asks[0].em, PRINCIPALS_SQL, params, onBehalfOf);
  const byPlace = new Map(rows.map((row) => [Number(row.n), row]));
  return asks.map((_, index) => byPlace.get(index + 1));
}

/**
 * The principals of requests arriving together are read in one statement (src/db/batched-statement.ts):
 * each is still read after its request arrived, so a grant revoked before is never used after.
 */
const principalRow = batchedPerPool(principalRows);

const DISTRICT_WIDE = new Set<Role>([Role.COMMAND_CENTER, Role.DISTRICT_ADMIN, Role.PRIVACY_OFFICER]);

export async function loadPrincipal(
  em: EntityManager,
  userId: number,
  purpose: string | null = null,
): Promise<Principal | null> {
  const row = await principalRow({ em, userId, purpose: purpose ?? '' });
  if (!row || !row.active) return null;
  // Only a resident's own account needs its record's grid: one more statement for that post alone.
  const [home] = row.resident_id
    ? await runSql<{ grid_id: number }[]>(em, 'select grid_id from resident where id = ?', [row.resident_id])
    : [];
  return {
    userId: row.id,
    username: row.username,
    role: row.role,
    workerId: row.worker_id,
    departmentId: row.department_id,
    residentId: row.resident_id,
    scopePaths: scopePathsOf(row),
    gridIdsUnder: row.scope_grid_ids ?? {},
    homeGridPath: row.home_grid_path,
    residentGridId: home?.grid_id ?? null,
    purpose,
    // Several grants for one purpose are not merged: the oldest decides, so a request has one basis.
    delegation: row.delegations?.[0] ?? null,
    emergencies: row.emergencies ?? [],
    restrictedCategoryIds: row.restricted_category_ids,
  };
}

function scopePathsOf(row: PrincipalRow): string[] {
  if (DISTRICT_WIDE.has(row.role)) return row.root_path ? [row.root_path] : [];
  if (row.role === Role.GRID_WORKER) return row.assigned_paths ?? [];
  return row.scope_path ? [row.scope_path] : [];
}
