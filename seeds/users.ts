import { departmentId } from './catalogue';
import { copyLine, RowSink } from './copy';
import { GridNode, GridTree } from './grid-tree';
import { Population } from './residents';
import { DAY_MS, isoTime } from './time';
import { Workforce, WorkerSeed } from './workers';

export { DEMO_PASSWORD } from '../src/auth/demo-accounts';

/** Who acted: maps a case's actors to login ids so timelines and reporters point at real users. */
export interface UserDirectory {
  byUsername: Map<string, number>;
  ofWorker(worker: WorkerSeed): number | null;
  /** street.demo for 登州街道, nobody elsewhere. */
  streetAdminOf(street: GridNode): number | null;
  commandCenter: number;
  /** dept.demo for the civil-affairs department. */
  officerOf(departmentCode: string): number | null;
  resident: { userId: number; residentId: number; name: string };
}

const USER_COLUMNS = [
  'id',
  'username',
  'password_hash',
  'display_name',
  'role',
  'worker_id',
  'department_id',
  'resident_id',
  'scope_grid_id',
  'active',
  'created_at',
];

/**
 * The eight demo logins (ids 1–8, contract §11) and, when the plan asks for it, one login per grid worker and
 * leader named w00042 after the worker id, all sharing one Argon2 hash of the demo password.
 */
export async function writeUsers(
  sink: RowSink,
  tree: GridTree,
  workforce: Workforce,
  population: Population,
  passwordHash: string,
  workerLogins: boolean,
  today: number,
): Promise<UserDirectory> {
  const demoWorker = workforce.gridWorkerOf.get(tree.demoGrid.id) as WorkerSeed;
  const community = tree.demoGrid.parent as GridNode;
  const demoLeader = workforce.leaderOf.get(community.id) as WorkerSeed;
  const street = community.parent as GridNode;
  const created = isoTime(today - 400 * DAY_MS);
  const rows: unknown[][] = [
    ['worker.demo', demoWorker.name, 'GRID_WORKER', demoWorker.id, null, null, null],
    ['leader.demo', demoLeader.name, 'GRID_LEADER', demoLeader.id, null, null, community.id],
    ['street.demo', `${street.name}网格管理员`, 'STREET_ADMIN', null, null, null, street.id],
    ['center.demo', '区社会治理指挥中心值班员', 'COMMAND_CENTER', null, null, null, null],
    ['admin.demo', '区网格化服务管理中心管理员', 'DISTRICT_ADMIN', null, null, null, null],
    ['dept.demo', '区民政局业务专员', 'DEPARTMENT_OFFICER', null, departmentId('CIVIL_AFFAIRS'), null, null],
    ['privacy.demo', '区数据安全与隐私保护专员', 'PRIVACY_OFFICER', null, null, null, null],
    ['resident.demo', population.demoResident.name, 'RESIDENT', null, null, population.demoResident.id, null],
  ];
  const workerUsers = new Map<number, number>([
    [demoWorker.id, 1],
    [demoLeader.id, 2],
  ]);
  if (workerLogins) {
    for (const worker of workforce.workers) {
      if (worker.post !== 'GRID_WORKER' && worker.post !== 'GRID_LEADER') continue;
      const scope = worker.post === 'GRID_LEADER' ? worker.community.id : null;
      rows.push([`w${String(worker.id).padStart(5, '0')}`, worker.name, worker.post, worker.id, null, null, scope]);
      if (!workerUsers.has(worker.id)) workerUsers.set(worker.id, rows.length);
    }
  }
  await sink.copy(
    'app_user',
    USER_COLUMNS,
    rows.map(([username, name, role, workerId, department, resident, scope], i) =>
      copyLine([
        i + 1,
        username as string,
        passwordHash,
        name as string,
        role as string,
        workerId as number | null,
        department as number | null,
        resident as number | null,
        scope as number | null,
        true,
        created,
      ]),
    ),
  );
  const byUsername = new Map(rows.map((row, i) => [row[0] as string, i + 1]));
  return {
    byUsername,
    ofWorker: (worker) => workerUsers.get(worker.id) ?? null,
    streetAdminOf: (grid) => (grid === street ? 3 : null),
    commandCenter: 4,
    officerOf: (code) => (code === 'CIVIL_AFFAIRS' ? 6 : null),
    resident: { userId: 8, residentId: population.demoResident.id, name: population.demoResident.name },
  };
}

/**
 * The demo delegation: civil affairs may see the elderly living alone of the other street (紫荆山街道) for
 * welfare visits. Its window is relative to the real clock so it stays active after the seed day.
 */
export async function writeDelegation(sink: RowSink, tree: GridTree, now: Date): Promise<void> {
  const otherStreet = tree.streets.find((s) => s.name === '紫荆山街道');
  if (!otherStreet) throw new Error('the demo delegation needs 紫荆山街道 in the tree');
  const from = now.getTime() - 30 * DAY_MS;
  await sink.copy(
    'delegation',
    [
      'id',
      'department_id',
      'grid_id',
      'category_codes',
      'fields',
      'includes_restricted',
      'purpose_code',
      'purpose_text',
      'legal_basis',
      'approved_by_id',
      'valid_from',
      'valid_until',
      'revoked_at',
      'revoked_by_id',
      'created_at',
    ],
    [
      copyLine([
        1,
        departmentId('CIVIL_AFFAIRS'),
        otherStreet.id,
        ['ELDERLY_ALONE'],
        ['name', 'gender', 'birthDate', 'phone', 'address', 'categories'],
        false,
        'WELFARE_CHECK',
        '独居老人冬季走访关怀',
        '《社会救助暂行办法》第三十八条；《中华人民共和国老年人权益保障法》第五条',
        5,
        isoTime(from),
        isoTime(now.getTime() + 180 * DAY_MS),
        null,
        null,
        isoTime(from),
      ]),
    ],
  );
}
