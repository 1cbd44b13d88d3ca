import { badInput, forbidden } from '../../common/errors';
import { callerLevelOver } from './case-subject';
import { isOverdue } from './case-sla';
import type { Guard } from './case-move';

export const COMMAND_CENTRE_LEVEL = 0;

export function levelName(level: number): string {
  return level === COMMAND_CENTRE_LEVEL ? 'the command centre (level 0)' : `level ${level}`;
}

/** Only the level holding the case moves it: a level-3 worker cannot take over what level 2 holds. */
export const heldByCaller: Guard = ({ kase, principal }) => {
  const level = callerLevelOver(principal, kase.gridPath);
  if (level === kase.holdingLevel) return null;
  const yours = level === null ? 'none of your grids holds it' : `you act at ${levelName(level)}`;
  return forbidden(
    `The case is held at ${levelName(kase.holdingLevel)} and ${yours}`,
    `${principal.role}:Case.holdingLevel`,
  );
};

/** Only the department a case is dispatched to answers for it. */
export const dispatchedToCaller: Guard = ({ kase, principal }) => {
  if (principal.departmentId !== null && kase.department?.id === principal.departmentId) return null;
  return forbidden(
    'Only the department the case is dispatched to may resolve or return it',
    `${principal.role}:Case.department`,
  );
};

/** Departments receive cases from the command centre only (大事不出街: the street tries first). */
export const atCommandCentre: Guard = ({ kase }) =>
  kase.holdingLevel === COMMAND_CENTRE_LEVEL
    ? null
    : badInput(
        'input.id',
        `the case is held at ${levelName(kase.holdingLevel)}; only a case escalated to the command centre can be dispatched`,
      );

export const belowCommandCentre: Guard = ({ kase }) =>
  kase.holdingLevel > COMMAND_CENTRE_LEVEL
    ? null
    : badInput('input.id', 'the case is already at the command centre; dispatch it to a department instead');

/**
 * A level closes only the categories it owns or those owned below it; anything bigger must go up, and a
 * department's category must reach that department.
 */
export const withinHoldersReach: Guard = ({ kase, category }) => {
  const held = kase.holdingLevel;
  if (category.handlingLevel === null || category.handlingLevel === undefined) {
    return held === COMMAND_CENTRE_LEVEL
      ? badInput('input.id', `category ${category.code} is handled by a department: the case must be dispatched`)
      : badInput(
          'input.id',
          `category ${category.code} is handled by a department: the case must be escalated to the command centre`,
        );
  }
  if (held <= category.handlingLevel) return null;
  return badInput(
    'input.id',
    `category ${category.code} is closed at level ${category.handlingLevel} but the case is held at ${levelName(held)}: it must be escalated`,
  );
};

/** 督办 is for cases that missed a deadline. */
export const overdue: Guard = ({ kase, now }) =>
  isOverdue(kase, now)
    ? null
    : badInput('input.id', 'the case is within its deadlines; only an overdue case is supervised');
