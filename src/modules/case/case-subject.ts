import { subject } from '@casl/ability';
import type { Principal } from '../../policy/principal';
import type { Case } from './case.entity';
import type { CaseStatus } from './case.enums';

/** The scalar fields the policy's Case conditions are written over. */
export interface CaseFacts {
  id?: number;
  gridPath: string;
  grid: number;
  status: CaseStatus;
  holdingLevel: number;
  department: number | null;
  reporter: number | null;
}

/**
 * A case as CASL should see it. Rule conditions say `{ department: 5 }` or `{ reporter: 12 }`, but on a
 * loaded entity those properties are MikroORM references (objects), which never equal a number: CASL
 * would refuse every such rule in memory although the same rule selects the row in SQL. So the check
 * runs on a plain copy with the foreign keys as ids.
 */
export function caseSubject(facts: CaseFacts) {
  return subject('Case', { ...facts });
}

export function factsOf(kase: Case): CaseFacts {
  return {
    id: kase.id,
    gridPath: kase.gridPath,
    grid: kase.grid.id,
    status: kase.status,
    holdingLevel: kase.holdingLevel,
    department: kase.department?.id ?? null,
    reporter: kase.reporter?.id ?? null,
  };
}

/** Level numbers: 3..1 in the grid tree, 0 the district (the command centre). Finer grids act as level 3. */
export const LOWEST_HOLDING_LEVEL = 3;

export function levelOfPath(path: string): number {
  return path.split('/').filter(Boolean).length - 1;
}

/**
 * The level at which the caller acts on a case: that of the widest of the caller's grids containing it
 * (a street admin acts at 1, a leader at 2, a worker at 3, a district-wide post at 0). Null when none of
 * the caller's grids contains it (a department, a resident).
 */
export function callerLevelOver(principal: Principal, gridPath: string): number | null {
  const covering = principal.scopePaths.filter((path) => gridPath.startsWith(path));
  if (covering.length === 0) return null;
  return Math.min(LOWEST_HOLDING_LEVEL, ...covering.map(levelOfPath));
}
