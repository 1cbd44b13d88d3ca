import type { Effect } from './case-move';

export const nothingElse: Effect = () => undefined;

/** Whoever accepts or starts a case becomes its handler, if they have a worker record. */
export const takeOver: Effect = ({ kase, callerWorker }) => {
  if (callerWorker) kase.handler = callerWorker;
};

export const accept: Effect = (move) => {
  move.kase.acceptedAt = move.now;
  takeOver(move);
};

export const markResolved: Effect = ({ kase, now }) => {
  kase.resolvedAt = now;
};

/** The next level up holds it and picks its own handler. */
export const oneLevelUp: Effect = ({ kase }) => {
  kase.holdingLevel -= 1;
  kase.handler = null;
};

export const toDepartment: Effect = ({ kase, input }) => {
  kase.department = input.department!;
  kase.dispatchDueAt = input.dueAt!;
  kase.handler = null;
};

/** A refused case is nobody's department any more; the timeline keeps who refused it and why. */
export const backFromDepartment: Effect = ({ kase }) => {
  kase.department = null;
  kase.dispatchDueAt = null;
};

export const close: Effect = ({ kase, now, input }) => {
  kase.closedAt = now;
  kase.satisfaction = input.satisfaction!;
};

/** Failed verification: the resolution did not hold, so the case counts as unresolved again. */
export const reopen: Effect = ({ kase }) => {
  kase.resolvedAt = null;
};

export const reject: Effect = ({ kase, input }) => {
  kase.duplicateOf = input.duplicateOf ?? null;
};

export const assignHandler: Effect = ({ kase, input }) => {
  kase.handler = input.worker!;
};
