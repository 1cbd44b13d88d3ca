import { CaseCategorySeed } from './catalogue';
import { Step } from './case-flow';
import { mobilePhone } from './contacts';
import { copyLine } from './copy';
import { ancestorAt, GridNode } from './grid-tree';
import { chineseName } from './names';
import { Rng } from './prng';
import { UserDirectory } from './users';
import { Workforce, WorkerSeed } from './workers';

export type Source =
  'WORKER_PATROL' | 'RESIDENT_SELF_SERVICE' | 'HOTLINE_12345' | 'WALK_IN' | 'BUILDING_LEADER' | 'PROPERTY_COMPANY';

/** The people around one case: the leaf's grid worker and leader, the street, and whether resident.demo reported it. */
export interface Scene {
  leaf: GridNode;
  source: Source;
  worker: WorkerSeed | null;
  leader: WorkerSeed | null;
  street: GridNode;
  /** Self-service reports from worker.demo's grid are resident.demo's, so that login has cases of its own. */
  byDemoResident: boolean;
}

export function sceneOf(workforce: Workforce, demoGrid: GridNode, leaf: GridNode, source: Source): Scene {
  return {
    leaf,
    source,
    worker: workforce.gridWorkerOf.get(ancestorAt(leaf, 3).id) ?? null,
    leader: workforce.leaderOf.get(ancestorAt(leaf, 2).id) ?? null,
    street: ancestorAt(leaf, 1),
    byDemoResident: source === 'RESIDENT_SELF_SERVICE' && leaf === demoGrid,
  };
}

/** The login that took a step, where the data set has one (demo logins everywhere, worker logins at district scale). */
export function actorOf(step: Step, scene: Scene, users: UserDirectory): number | null {
  switch (step.role) {
    case 'GRID_WORKER':
      return scene.worker ? users.ofWorker(scene.worker) : null;
    case 'GRID_LEADER':
      return scene.leader ? users.ofWorker(scene.leader) : null;
    case 'STREET_ADMIN':
      return users.streetAdminOf(scene.street);
    case 'COMMAND_CENTER':
      return users.commandCenter;
    case 'DEPARTMENT_OFFICER':
      return step.department ? users.officerOf(step.department) : null;
    case 'RESIDENT':
      return scene.byDemoResident ? users.resident.userId : null;
  }
}

/** Who reported: the patrolling worker, a property company, an anonymous or named caller, a resident. */
export function reporterOf(
  rng: Rng,
  scene: Scene,
  users: UserDirectory,
): { id: number | null; name: string | null; phone: string | null } {
  const person = () => chineseName(rng, rng.chance(0.5) ? 'MALE' : 'FEMALE', 2000 - rng.int(0, 50));
  if (scene.byDemoResident) return { id: users.resident.userId, name: users.resident.name, phone: mobilePhone(rng) };
  switch (scene.source) {
    case 'WORKER_PATROL':
      return { id: scene.worker ? users.ofWorker(scene.worker) : null, name: scene.worker?.name ?? null, phone: null };
    case 'PROPERTY_COMPANY':
      return { id: null, name: `${scene.leaf.place}物业服务中心`, phone: mobilePhone(rng) };
    case 'HOTLINE_12345':
      return { id: null, name: rng.chance(0.15) ? null : person(), phone: mobilePhone(rng) };
    default:
      return { id: null, name: person(), phone: mobilePhone(rng) };
  }
}

/** Disputes involve two neighbours, assistance and petitions one person, other cases sometimes one; all from the same leaf. */
export function involvedRows(rng: Rng, caseId: number, category: CaseCategorySeed, leaf: GridNode): string[] {
  const wanted = category.code.endsWith('DISPUTE')
    ? 2
    : category.code === 'SOCIAL_ASSISTANCE' || category.code === 'PETITION'
      ? 1
      : rng.chance(0.3)
        ? 1
        : 0;
  const picked = new Set<number>();
  for (let k = 0; k < Math.min(wanted, leaf.residents); k++)
    picked.add(leaf.firstResidentId + rng.int(0, leaf.residents - 1));
  return [...picked].map((residentId) => copyLine([caseId, residentId]));
}
