import type { GraphQLError } from 'graphql';
import type { Action } from '../../policy/ability';
import type { Principal } from '../../policy/principal';
import type { Department } from '../department/department.entity';
import type { Worker } from '../worker/worker.entity';
import type { CaseCategory } from './case-category.entity';
import type { Case } from './case.entity';
import type { CaseStatus } from './case.enums';

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

/** What a command brings besides the case id, with its ids already resolved to rows. */
export interface MoveInput {
  note?: string | null;
  satisfaction?: number | null;
  department?: Department | null;
  dueAt?: Date | null;
  worker?: Worker | null;
  duplicateOf?: Case | null;
}

export type MoveInputName = keyof MoveInput;

/** One attempt to move a case: the case as locked in the transaction, who moves it, when and with what. */
export interface Move {
  kase: Case;
  category: CaseCategory;
  principal: Principal;
  /** The caller's worker record, who takes the case over when they accept or start it. */
  callerWorker: Worker | null;
  now: Date;
  input: MoveInput;
}

/** A precondition beyond the state: answers the error to give, or null when the move may go ahead. */
export type Guard = (move: Move) => GraphQLError | null;

/** What a move changes on the case besides its status (timestamps, holder, department, ...). */
export type Effect = (move: Move) => void;

/** One row of the workflow table. */
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
