import { CaseCategorySeed, DEPARTMENTS, DepartmentCode } from './catalogue';
import { Rng, WeightedTable } from './prng';

export type CaseStatus =
  | 'REPORTED'
  | 'ACCEPTED'
  | 'IN_PROGRESS'
  | 'ESCALATED'
  | 'DISPATCHED'
  | 'RETURNED'
  | 'RESOLVED'
  | 'REOPENED'
  | 'CLOSED'
  | 'REJECTED';
export type ActorRole =
  'GRID_WORKER' | 'GRID_LEADER' | 'STREET_ADMIN' | 'COMMAND_CENTER' | 'DEPARTMENT_OFFICER' | 'RESIDENT';

/** One timeline entry before it has a time: what happened, who did it, and who holds the case afterwards. */
export interface Step {
  action:
    'report' | 'accept' | 'start' | 'escalate' | 'dispatch' | 'return' | 'resolve' | 'verify' | 'reopen' | 'reject';
  from: CaseStatus | null;
  to: CaseStatus;
  role: ActorRole;
  /** Level holding the case after the step: 3..1 in the grid tree, 0 the command centre. */
  holding: number;
  department: DepartmentCode | null;
  gapHours: number;
}

/** Mostly closed; the open states are what the dashboards and SLA checks need to show. */
const GRID_OUTCOMES = new WeightedTable<CaseStatus>([
  ['CLOSED', 78],
  ['RESOLVED', 4],
  ['IN_PROGRESS', 5],
  ['ACCEPTED', 3],
  ['REPORTED', 3],
  ['ESCALATED', 2],
  ['REOPENED', 1],
  ['REJECTED', 4],
]);
const DEPARTMENT_OUTCOMES = new WeightedTable<CaseStatus>([
  ['CLOSED', 74],
  ['RESOLVED', 4],
  ['DISPATCHED', 7],
  ['RETURNED', 2],
  ['ESCALATED', 2],
  ['IN_PROGRESS', 2],
  ['ACCEPTED', 2],
  ['REPORTED', 2],
  ['REOPENED', 1],
  ['REJECTED', 4],
]);

const ROLE_AT_LEVEL: Record<number, ActorRole> = {
  3: 'GRID_WORKER',
  2: 'GRID_LEADER',
  1: 'STREET_ADMIN',
  0: 'COMMAND_CENTER',
};

export function drawOutcome(rng: Rng, category: CaseCategorySeed): CaseStatus {
  return (category.department ? DEPARTMENT_OUTCOMES : GRID_OUTCOMES).draw(rng);
}

/**
 * The timeline that leads to `outcome`. Escalation goes one level at a time and each level takes the case
 * over ('start') before passing it on; department cases climb to the command centre, which dispatches them.
 * Detours (a wrong department returning the case, a failed verification) appear in some closed cases and in
 * every case that ends in them. The moves are those of src/modules/case/case-workflow.ts.
 */
export function planSteps(rng: Rng, category: CaseCategorySeed, outcome: CaseStatus, reporter: ActorRole): Step[] {
  const steps: Step[] = [];
  let status: CaseStatus | null = null;
  let holding = 3;
  let department: DepartmentCode | null = null;
  const go = (action: Step['action'], to: CaseStatus, role: ActorRole, gapHours: number) => {
    steps.push({ action, from: status, to, role, holding, department, gapHours });
    status = to;
  };
  const hours = (min: number, max: number) => rng.between(min, max);
  go('report', 'REPORTED', reporter, 0);
  if (outcome === 'REJECTED') {
    go('reject', 'REJECTED', 'GRID_WORKER', hours(0.5, 8));
    return steps;
  }
  const lateAccept = rng.chance(0.08);
  go(
    'accept',
    'ACCEPTED',
    'GRID_WORKER',
    category.acceptWithinHours * (lateAccept ? hours(1.1, 2.5) : hours(0.05, 0.9)),
  );
  go('start', 'IN_PROGRESS', 'GRID_WORKER', hours(0.2, 4));
  const ownLevel = category.handlingLevel ?? 0;
  const pushedUp = ownLevel > 0 && (outcome === 'ESCALATED' && ownLevel === 3 ? true : rng.chance(0.06));
  const handlingLevel = pushedUp ? ownLevel - 1 : ownLevel;
  while (holding > handlingLevel) {
    go('escalate', 'ESCALATED', ROLE_AT_LEVEL[holding], hours(1, 24));
    holding--;
    steps[steps.length - 1].holding = holding;
    // Each level takes the case over before working or passing it on; the command centre dispatches department cases as they are.
    if (holding > 0 || !category.department) go('start', 'IN_PROGRESS', ROLE_AT_LEVEL[holding], hours(0.5, 12));
  }
  const returned = category.department !== null && (outcome === 'RETURNED' || rng.chance(0.05));
  if (category.department && returned) {
    department = rng.pick(DEPARTMENTS.filter((d) => d.code !== category.department)).code;
    go('dispatch', 'DISPATCHED', 'COMMAND_CENTER', hours(0.5, 8));
    go('return', 'RETURNED', 'DEPARTMENT_OFFICER', hours(4, 48));
    // A refused case is no department's any more; the return step keeps who refused it.
    department = null;
  }
  if (category.department) {
    department = category.department;
    go('dispatch', 'DISPATCHED', 'COMMAND_CENTER', hours(0.5, 8));
  }
  const resolver: ActorRole = category.department ? 'DEPARTMENT_OFFICER' : ROLE_AT_LEVEL[holding];
  const lateResolve = rng.chance(0.1);
  go('resolve', 'RESOLVED', resolver, category.resolveWithinHours * (lateResolve ? hours(1.05, 1.6) : hours(0.1, 0.7)));
  if (outcome === 'REOPENED' || rng.chance(0.04)) {
    go('reopen', 'REOPENED', 'GRID_WORKER', hours(12, 48));
    if (category.department) go('dispatch', 'DISPATCHED', 'COMMAND_CENTER', hours(1, 8));
    else go('start', 'IN_PROGRESS', ROLE_AT_LEVEL[holding], hours(1, 12));
    go('resolve', 'RESOLVED', resolver, category.resolveWithinHours * hours(0.1, 0.4));
  }
  go('verify', 'CLOSED', 'GRID_WORKER', hours(2, 48));
  return truncate(rng, steps, outcome);
}

/** Cuts the full path at one of the entries that lead into the outcome (any of them: an IN_PROGRESS may be at level 2). */
function truncate(rng: Rng, steps: Step[], outcome: CaseStatus): Step[] {
  const ends = steps.map((step, i) => (step.to === outcome ? i : -1)).filter((i) => i >= 0);
  if (!ends.length) throw new Error(`no path to ${outcome}`);
  return steps.slice(0, rng.pick(ends) + 1);
}
