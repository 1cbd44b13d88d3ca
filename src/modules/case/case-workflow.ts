import type { Action } from '../../policy/ability';
import {
  atCommandCentre,
  belowCommandCentre,
  dispatchedToCaller,
  heldByCaller,
  overdue,
  withinHoldersReach,
} from './case-guards';
import { CaseCommand, Move, Transition, UNCHANGED } from './case-move';
import { CaseStatus } from './case.enums';

const { REPORTED, ACCEPTED, IN_PROGRESS, ESCALATED, DISPATCHED, RETURNED, RESOLVED, REOPENED, CLOSED, REJECTED } =
  CaseStatus;

/** Every state a case can still move from. */
const OPEN = [REPORTED, ACCEPTED, IN_PROGRESS, ESCALATED, DISPATCHED, RETURNED, REOPENED];
/** Open and held by a level (a grid or the command centre) rather than by a department. */
const HELD_BY_A_LEVEL = OPEN.filter((status) => status !== DISPATCHED);

/**
 * The case workflow (contract §9), all of it. Each row: a command, the states it leaves from, where it goes, the
 * policy action it needs, the inputs it cannot do without, its guards (in case-guards.ts, checked in order)
 * and its effect (below). A level takes a case over by accepting (new) or starting it (escalated, reopened,
 * returned); it resolves what its level may close, or escalates one level up, up to the command centre,
 * which dispatches to a department with a deadline. The department resolves or returns it. A grid worker
 * verifies on site: passed closes it with the resident's satisfaction, failed reopens it.
 */
export const CASE_WORKFLOW: readonly Transition[] = [
  transition('report', [], REPORTED, {
    action: 'report',
    needs: ['title', 'description', 'category', 'grid', 'source'],
  }),
  transition('accept', [REPORTED], ACCEPTED, {
    action: 'handle',
    guards: [heldByCaller],
    effect: accept,
  }),
  transition('start', [ACCEPTED, ESCALATED, REOPENED, RETURNED], IN_PROGRESS, {
    action: 'handle',
    guards: [heldByCaller],
    effect: takeOver,
  }),
  transition('resolve', [IN_PROGRESS], RESOLVED, {
    action: 'handle',
    guards: [heldByCaller, withinHoldersReach],
    effect: markResolved,
  }),
  transition('resolve', [DISPATCHED], RESOLVED, {
    action: 'handle',
    guards: [dispatchedToCaller],
    effect: markResolved,
  }),
  transition('escalate', [ACCEPTED, IN_PROGRESS, REOPENED], ESCALATED, {
    action: 'escalate',
    guards: [heldByCaller, belowCommandCentre],
    effect: oneLevelUp,
  }),
  transition('dispatch', [ESCALATED, IN_PROGRESS, RETURNED, REOPENED], DISPATCHED, {
    action: 'dispatch',
    needs: ['department', 'dueAt'],
    guards: [atCommandCentre, heldByCaller],
    effect: toDepartment,
  }),
  transition('return', [DISPATCHED], RETURNED, {
    action: 'handle',
    needs: ['note'],
    guards: [dispatchedToCaller],
    effect: backFromDepartment,
  }),
  transition('verify', [RESOLVED], CLOSED, {
    action: 'verify',
    needs: ['satisfaction'],
    effect: close,
  }),
  transition('reopen', [RESOLVED], REOPENED, {
    action: 'verify',
    needs: ['note'],
    effect: reopen,
  }),
  transition('reject', [REPORTED, ACCEPTED], REJECTED, {
    action: 'handle',
    needs: ['note'],
    guards: [heldByCaller],
    effect: reject,
  }),
  transition('assign', HELD_BY_A_LEVEL, UNCHANGED, {
    action: 'assign',
    needs: ['worker'],
    effect: assignHandler,
  }),
  transition('supervise', OPEN, UNCHANGED, {
    action: 'supervise',
    needs: ['note'],
    guards: [overdue],
  }),
];

/** One row of the table; a row without needs, guards or effect has none. */
function transition(
  command: CaseCommand,
  from: readonly CaseStatus[],
  to: Transition['to'],
  row: Pick<Transition, 'action'> & Partial<Pick<Transition, 'needs' | 'guards' | 'effect'>>,
): Transition {
  return { command, from, to, needs: [], guards: [], effect: nothingElse, ...row };
}

// The effects: what a move changes on the case besides its status.

function nothingElse(): void {}

/** Whoever accepts or starts a case becomes its handler, if they have a worker record. */
function takeOver({ kase, callerWorker }: Move): void {
  if (callerWorker) kase.handler = callerWorker;
}

function accept(move: Move): void {
  move.kase.acceptedAt = move.now;
  takeOver(move);
}

function markResolved({ kase, now }: Move): void {
  kase.resolvedAt = now;
}

/** The next level up holds it and picks its own handler. */
function oneLevelUp({ kase }: Move): void {
  kase.holdingLevel -= 1;
  kase.handler = null;
}

function toDepartment({ kase, input }: Move): void {
  kase.department = input.department!;
  kase.dispatchDueAt = input.dueAt!;
  kase.handler = null;
}

/** A refused case is nobody's department any more; the timeline keeps who refused it and why. */
function backFromDepartment({ kase }: Move): void {
  kase.department = null;
  kase.dispatchDueAt = null;
}

function close({ kase, now, input }: Move): void {
  kase.closedAt = now;
  kase.satisfaction = input.satisfaction!;
}

/** Failed verification: the resolution did not hold, so the case counts as unresolved again. */
function reopen({ kase }: Move): void {
  kase.resolvedAt = null;
}

function reject({ kase, input }: Move): void {
  kase.duplicateOf = input.duplicateOf ?? null;
}

function assignHandler({ kase, input }: Move): void {
  kase.handler = input.worker!;
}

// Reading the table.

/** The transition a command takes from a state, if the workflow has one. */
export function transitionFor(command: CaseCommand, status: CaseStatus): Transition | undefined {
  return CASE_WORKFLOW.find((t) => t.command === command && t.from.includes(status));
}

/** Every row of one command asks the same action, so permission can be checked before the state. */
export function actionOf(command: CaseCommand): Action {
  const row = CASE_WORKFLOW.find((t) => t.command === command);
  if (!row) throw new Error(`the case workflow has no command ${command}`);
  return row.action;
}

/** Commands the workflow allows from a state, in table order, each once. */
export function commandsFrom(status: CaseStatus): CaseCommand[] {
  return [...new Set(CASE_WORKFLOW.filter((t) => t.from.includes(status)).map((t) => t.command))];
}

/** Where a transition leaves the case. */
export function targetOf(transition: Transition, current: CaseStatus): CaseStatus {
  return transition.to === UNCHANGED ? current : transition.to;
}
