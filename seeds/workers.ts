import { copyLine, RowSink } from './copy';
import { mobilePhone } from './contacts';
import { GridNode, GridTree } from './grid-tree';
import { chineseName, Gender } from './names';
import { Rng, WeightedTable } from './prng';
import { DAY_MS, isoDate } from './time';

export type Background =
  'COMMUNITY_STAFF' | 'FULL_TIME' | 'RETIRED' | 'PROPERTY_STAFF' | 'FULL_TIME_PARENT' | 'VOLUNTEER';
export type Post = 'GRID_WORKER' | 'GRID_LEADER' | 'BUILDING_LEADER' | 'PARTY_MEMBER_HOUSEHOLD';

export interface WorkerSeed {
  id: number;
  name: string;
  gender: Gender;
  background: Background;
  partyMember: boolean;
  startedMs: number;
  community: GridNode;
  post: Post;
  /** The level-3 grids (or, for leaders, the community) the worker is assigned to now. */
  grids: GridNode[];
}

export interface Workforce {
  workers: WorkerSeed[];
  /** Level-3 grid id → its GRID_WORKER. */
  gridWorkerOf: Map<number, WorkerSeed>;
  /** Community id → its GRID_LEADER. */
  leaderOf: Map<number, WorkerSeed>;
}

/** Recruitment channels named in the article: new retirees, property staff, full-time mothers, volunteers. */
const GRID_WORKER_BACKGROUNDS = new WeightedTable<Background>([
  ['COMMUNITY_STAFF', 30],
  ['FULL_TIME', 22],
  ['RETIRED', 16],
  ['PROPERTY_STAFF', 12],
  ['FULL_TIME_PARENT', 12],
  ['VOLUNTEER', 8],
]);
const GROUP_SIZES = new WeightedTable<number>([
  [1, 10],
  [2, 25],
  [3, 45],
  [4, 20],
]);

/**
 * One leader per community, one grid worker per run of 1–4 level-3 grids, and a volunteer helper for about
 * one grid in twenty. worker.demo's grid (tree.demoGrid) always gets a worker of its own.
 */
export function buildWorkforce(tree: GridTree, rng: Rng, today: number): Workforce {
  const workers: WorkerSeed[] = [];
  const gridWorkerOf = new Map<number, WorkerSeed>();
  const leaderOf = new Map<number, WorkerSeed>();
  const hire = (community: GridNode, post: Post, grids: GridNode[], background: Background) => {
    const age = post === 'GRID_LEADER' ? rng.int(32, 55) : background === 'RETIRED' ? rng.int(55, 66) : rng.int(24, 52);
    const gender: Gender = rng.chance(post === 'GRID_LEADER' ? 0.45 : 0.35) ? 'MALE' : 'FEMALE';
    const birthYear = new Date(today).getUTCFullYear() - age;
    const seniorityDays = rng.chance(0.2) ? rng.int(20, 700) : rng.int(365, 365 * 9);
    const worker: WorkerSeed = {
      id: workers.length + 1,
      name: chineseName(rng, gender, birthYear),
      gender,
      background,
      partyMember: rng.chance(post === 'GRID_LEADER' || post === 'PARTY_MEMBER_HOUSEHOLD' ? 0.95 : 0.4),
      startedMs: today - seniorityDays * DAY_MS,
      community,
      post,
      grids,
    };
    workers.push(worker);
    return worker;
  };
  for (const community of tree.communities) {
    leaderOf.set(
      community.id,
      hire(community, 'GRID_LEADER', [community], rng.chance(0.7) ? 'COMMUNITY_STAFF' : 'FULL_TIME'),
    );
    const grids = community.children;
    for (let i = 0; i < grids.length;) {
      const size = grids[i] === tree.demoGrid ? 1 : Math.min(GROUP_SIZES.draw(rng), grids.length - i);
      const group = grids.slice(i, i + size).filter((grid) => grid !== tree.demoGrid || size === 1);
      const worker = hire(community, 'GRID_WORKER', group, GRID_WORKER_BACKGROUNDS.draw(rng));
      for (const grid of group) gridWorkerOf.set(grid.id, worker);
      i += group.length;
    }
    for (const grid of grids) {
      if (!rng.chance(1 / 20)) continue;
      const post: Post =
        grid.kind === 'VILLAGE_GROUP' || rng.chance(0.4) ? 'PARTY_MEMBER_HOUSEHOLD' : 'BUILDING_LEADER';
      hire(
        community,
        post,
        [grid.children.length ? rng.pick(grid.children) : grid],
        rng.chance(0.6) ? 'RETIRED' : 'VOLUNTEER',
      );
    }
  }
  return { workers, gridWorkerOf, leaderOf };
}

/** worker and grid_assignment rows. A few grid workers also have an ended assignment in their community. */
export async function writeWorkforce(
  sink: RowSink,
  workforce: Workforce,
  rng: Rng,
  today: number,
  protectedIds: Set<number>,
): Promise<void> {
  await sink.copy(
    'worker',
    [
      'id',
      'name',
      'gender',
      'work_phone',
      'personal_phone',
      'background',
      'party_member',
      'started_on',
      'home_grid_path',
    ],
    workforce.workers.map((w) =>
      copyLine([
        w.id,
        w.name,
        w.gender,
        mobilePhone(rng),
        rng.chance(0.8) ? mobilePhone(rng) : null,
        w.background,
        w.partyMember,
        isoDate(w.startedMs),
        w.community.path,
      ]),
    ),
  );
  const rows: string[] = [];
  for (const worker of workforce.workers) {
    let currentFrom = worker.startedMs;
    const others = worker.community.children.filter((grid) => !worker.grids.includes(grid));
    const veteran = today - worker.startedMs > 2 * 365 * DAY_MS;
    if (worker.post === 'GRID_WORKER' && veteran && others.length && !protectedIds.has(worker.id) && rng.chance(0.05)) {
      // Grids are re-cut from time to time: the worker covered a neighbouring grid of the same community before.
      const until = worker.startedMs + rng.int(200, 600) * DAY_MS;
      rows.push(
        copyLine([
          rows.length + 1,
          worker.id,
          rng.pick(others).id,
          'GRID_WORKER',
          isoDate(worker.startedMs),
          isoDate(until),
        ]),
      );
      currentFrom = until + DAY_MS;
    }
    for (const grid of worker.grids)
      rows.push(copyLine([rows.length + 1, worker.id, grid.id, worker.post, isoDate(currentFrom), null]));
  }
  await sink.copy('grid_assignment', ['id', 'worker_id', 'grid_id', 'role', 'valid_from', 'valid_until'], rows);
}
