import type { Action } from '../../policy/ability';
import * as effects from './case-effects';
import {
  atCommandCentre,
  belowCommandCentre,
  dispatchedToCaller,
  heldByCaller,
  overdue,
  withinHoldersReach,
} from './case-guards';
import type { Effect, Guard, MoveInputName } from './case-move';
import { CaseStatus } from './case.enums';

const { REPORTED, ACCEPTED, IN_PROGRESS, ESCALATED, DISPATCHED, RETURNED, RESOLVED, REOPENED, CLOSED, REJECTED } =
  CaseStatus;

export type CaseCommand =
  | 'report'
  | 'accept'
  | 'start'
  | 'resolve'
  | 'escalate'
  | 'dispatch'
  | 'return'
  | 'verify'
  | 'reopen'
  | 'reject'
  | 'assign'
  | 'supervise';

/** Commands that record a step on the timeline without moving the case to another state. */
export const UNCHANGED = 'UNCHANGED';

export interface Transition {
  command: CaseCommand;
  /** States the command leaves from; none for the report that creates the case. */
  from: readonly CaseStatus[];
  to: CaseStatus | typeof UNCHANGED;
  /** What the policy must allow the caller on this case; the rules decide which posts hold it. */
  action: Action;
  /** Inputs the command cannot do without. */
  needs: readonly (MoveInputName | 'title' | 'description' | 'category' | 'grid' | 'source')[];
  /** Checked in order; the first that fails answers. */
  guards: readonly Guard[];
  effect: Effect;
}

/**
 * The case workflow (SPEC §9), all of it. A level takes a case over by accepting (new) or starting it
 * (escalated, reopened, returned); it resolves what its level may close, or escalates one level up, up to
 * the command centre, which dispatches to a department with a deadline. The department resolves or
 * returns it. A grid worker verifies on site: passed closes it with the resident's satisfaction, failed
 * reopens it.
 */
export const CASE_WORKFLOW: readonly Transition[] = [
  {
    command: 'report',
    from: [],
    to: REPORTED,
    action: 'report',
    needs: ['title', 'description', 'category', 'grid', 'source'],
    guards: [],
    effect: effects.nothingElse,
  },
  {
    command: 'accept',
    from: [REPORTED],
    to: ACCEPTED,
    action: 'handle',
    needs: [],
    guards: [heldByCaller],
    effect: effects.accept,
  },
  {
    command: 'start',
    from: [ACCEPTED, ESCALATED, REOPENED, RETURNED],
    to: IN_PROGRESS,
    action: 'handle',
    needs: [],
    guards: [heldByCaller],
    effect: effects.takeOver,
  },
  {
    command: 'resolve',
    from: [IN_PROGRESS],
    to: RESOLVED,
    action: 'handle',
    needs: [],
    guards: [heldByCaller, withinHoldersReach],
    effect: effects.markResolved,
  },
  {
    command: 'resolve',
    from: [DISPATCHED],
    to: RESOLVED,
    action: 'handle',
    needs: [],
    guards: [dispatchedToCaller],
    effect: effects.markResolved,
  },
  {
    command: 'escalate',
    from: [ACCEPTED, IN_PROGRESS, REOPENED],
    to: ESCALATED,
    action: 'escalate',
    needs: [],
    guards: [heldByCaller, belowCommandCentre],
    effect: effects.oneLevelUp,
  },
  {
    command: 'dispatch',
    from: [ESCALATED, IN_PROGRESS, RETURNED, REOPENED],
    to: DISPATCHED,
    action: 'dispatch',
    needs: ['department', 'dueAt'],
    guards: [atCommandCentre, heldByCaller],
    effect: effects.toDepartment,
  },
  {
    command: 'return',
    from: [DISPATCHED],
    to: RETURNED,
    action: 'handle',
    needs: ['note'],
    guards: [dispatchedToCaller],
    effect: effects.backFromDepartment,
  },
  {
    command: 'verify',
    from: [RESOLVED],
    to: CLOSED,
    action: 'verify',
    needs: ['satisfaction'],
    guards: [],
    effect: effects.close,
  },
  {
    command: 'reopen',
    from: [RESOLVED],
    to: REOPENED,
    action: 'verify',
    needs: ['note'],
    guards: [],
    effect: effects.reopen,
  },
  {
    command: 'reject',
    from: [REPORTED, ACCEPTED],
    to: REJECTED,
    action: 'handle',
    needs: ['note'],
    guards: [heldByCaller],
    effect: effects.reject,
  },
  {
    command: 'assign',
    from: [REPORTED, ACCEPTED, IN_PROGRESS, ESCALATED, RETURNED, REOPENED],
    to: UNCHANGED,
    action: 'assign',
    needs: ['worker'],
    guards: [],
    effect: effects.assignHandler,
  },
  {
    command: 'supervise',
    from: [REPORTED, ACCEPTED, IN_PROGRESS, ESCALATED, DISPATCHED, RETURNED, REOPENED],
    to: UNCHANGED,
    action: 'supervise',
    needs: ['note'],
    guards: [overdue],
    effect: effects.nothingElse,
  },
];

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
