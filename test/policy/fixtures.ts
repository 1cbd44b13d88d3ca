import type { TestApi } from '../support/api';
import { assignedPaths, globalId, sql } from '../support/sql';

export interface ResidentRow {
  id: number;
  name: string;
  gender: string;
  birth_date: string;
  phone: string | null;
  id_number: string;
  address: string;
  grid_path: string;
}

const RESIDENT_COLUMNS =
  "r.id, r.name, r.gender, to_char(r.birth_date, 'YYYY-MM-DD') as birth_date, r.phone, r.id_number, r.address, r.grid_path";

/**
 * The residents the matrix reads: one in worker.demo's grid, one elsewhere in its community, one in the
 * other street covered by dept.demo's delegation, and resident.demo's own record. The first and the last
 * are given a restricted (T4) membership; resident.demo and the one out of scope a change request.
 */
export interface Fixtures {
  inScope: ResidentRow;
  outOfScope: ResidentRow;
  delegated: ResidentRow;
  self: ResidentRow;
  restrictedCode: string;
}

export async function loadFixtures(api: TestApi): Promise<Fixtures> {
  const [gridPath] = await assignedPaths(api, 'worker.demo');
  const [restricted] = await sql<{ id: number; code: string }>(
    api,
    "select id, code from special_category where security_label = 'RESTRICTED' order by id limit 1",
  );
  const [inScope] = await sql<ResidentRow>(
    api,
    `select ${RESIDENT_COLUMNS} from resident r where r.grid_path = $1 and r.phone is not null order by r.id limit 1`,
    [gridPath],
  );
  const [outOfScope] = await sql<ResidentRow>(
    api,
    `select ${RESIDENT_COLUMNS} from resident r where r.grid_path not like $1 order by r.id limit 1`,
    [`${gridPath}%`],
  );
  const [delegated] = await sql<ResidentRow>(
    api,
    `select ${RESIDENT_COLUMNS} from resident r join delegation d on d.purpose_code = 'WELFARE_CHECK' join grid g on g.id = d.grid_id
      where r.grid_path like g.path || '%' and exists (select 1 from resident_category m join special_category c on c.id = m.category_id
        where m.resident_id = r.id and c.code = 'ELDERLY_ALONE') order by r.id limit 1`,
  );
  const [self] = await sql<ResidentRow>(
    api,
    `select ${RESIDENT_COLUMNS} from resident r join app_user u on u.resident_id = r.id where u.username = 'resident.demo'`,
  );
  for (const resident of [inScope, self]) {
    await sql(
      api,
      `insert into resident_category (resident_id, category_id, since, details) values ($1, $2, '2024-05-01', '{"diagnosis": "test"}')
       on conflict (resident_id, category_id) where ended_on is null do nothing`,
      [resident.id, restricted.id],
    );
  }
  // Correction requests in and out of worker.demo's grids, so the matrix reads rows of that type too.
  for (const resident of [self, outOfScope])
    await sql(
      api,
      `insert into change_request (resident_id, base_version, phone, address) values ($1, 1, '13700001111', '新址1号')`,
      [resident.id],
    );
  return { inScope, outOfScope, delegated, self, restrictedCode: restricted.code };
}

export const residentId = (row: ResidentRow) => globalId('Resident', row.id);
