import 'reflect-metadata';
import { pointInBoundary } from '../../../src/modules/case/case-geo';
import { belowCommandCentre, heldByCaller } from '../../../src/modules/case/case-guards';
import type { Move } from '../../../src/modules/case/case-move';
import { SmallCells } from '../../../src/policy/small-cells';
import { callerLevelOver, caseSubject } from '../../../src/modules/case/case-subject';
import { actionOf, CASE_WORKFLOW, commandsFrom, transitionFor } from '../../../src/modules/case/case-workflow';
import { CaseStatus } from '../../../src/modules/case/case.enums';
import { Policy } from '../../../src/policy/policy';
import type { Principal } from '../../../src/policy/principal';
import { Role } from '../../../src/policy/roles';

const principal = (overrides: Partial<Principal>): Principal => ({
  userId: 10,
  username: 'someone',
  role: Role.GRID_WORKER,
  workerId: null,
  departmentId: null,
  residentId: null,
  scopePaths: [],
  restrictedCategoryIds: [],
  homeGridPath: null,
  residentGridId: null,
  purpose: null,
  delegation: null,
  emergencies: [],
  ...overrides,
});

describe('the workflow table', () => {
  it('asks one action per command, so permission can be checked before the state', () => {
    for (const row of CASE_WORKFLOW) expect(row.action).toBe(actionOf(row.command));
  });

  it('has at most one transition per command and state', () => {
    for (const status of Object.values(CaseStatus)) {
      const commands = CASE_WORKFLOW.filter((t) => t.from.includes(status)).map((t) => t.command);
      expect(new Set(commands).size).toBe(commands.length);
    }
  });

  it('ends in CLOSED and REJECTED, and reaches every state from a report', () => {
    expect(commandsFrom(CaseStatus.CLOSED)).toEqual([]);
    expect(commandsFrom(CaseStatus.REJECTED)).toEqual([]);
    const reached = new Set<string>([CaseStatus.REPORTED]);
    for (let grew = true; grew;) {
      const before = reached.size;
      for (const t of CASE_WORKFLOW) if (t.from.some((s) => reached.has(s)) && t.to !== 'UNCHANGED') reached.add(t.to);
      grew = reached.size > before;
    }
    expect([...reached].sort()).toEqual(Object.values(CaseStatus).sort());
  });

  it('routes resolve by the holder in progress and by the department when dispatched', () => {
    expect(transitionFor('resolve', CaseStatus.IN_PROGRESS)?.guards).toContain(heldByCaller);
    expect(transitionFor('resolve', CaseStatus.DISPATCHED)?.guards).not.toContain(heldByCaller);
    expect(transitionFor('resolve', CaseStatus.REPORTED)).toBeUndefined();
  });

  it('supervises any open case but assigns a handler only while a level, not a department, holds it', () => {
    const open = Object.values(CaseStatus).filter((s) => ![CaseStatus.CLOSED, CaseStatus.REJECTED].includes(s));
    const unfinished = open.filter((s) => s !== CaseStatus.RESOLVED);
    for (const status of unfinished) expect(commandsFrom(status)).toContain('supervise');
    expect(commandsFrom(CaseStatus.DISPATCHED)).not.toContain('assign');
    expect(transitionFor('assign', CaseStatus.RETURNED)?.needs).toEqual(['worker']);
    expect(transitionFor('report', CaseStatus.REPORTED)).toBeUndefined();
  });
});

describe('the level a caller acts at', () => {
  it('is that of the widest of their grids containing the case, finer grids acting as level 3', () => {
    expect(callerLevelOver(principal({ scopePaths: ['/1/2/4/9/'] }), '/1/2/4/9/')).toBe(3);
    expect(callerLevelOver(principal({ scopePaths: ['/1/2/4/9/77/'] }), '/1/2/4/9/77/')).toBe(3);
    expect(callerLevelOver(principal({ scopePaths: ['/1/2/4/'] }), '/1/2/4/9/')).toBe(2);
    expect(callerLevelOver(principal({ scopePaths: ['/1/'] }), '/1/2/4/9/')).toBe(0);
    expect(callerLevelOver(principal({ scopePaths: ['/1/3/'] }), '/1/2/4/9/')).toBeNull();
  });

  it('cannot escalate past the command centre', () => {
    const move = { kase: { holdingLevel: 0 } } as unknown as Move;
    expect(belowCommandCentre(move)?.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('checking a case against the policy in memory', () => {
  const department = Policy.forPrincipal(principal({ role: Role.DEPARTMENT_OFFICER, departmentId: 5 }));
  const resident = Policy.forPrincipal(principal({ role: Role.RESIDENT, userId: 12, residentGridId: 9 }));
  const facts = {
    gridPath: '/1/2/4/9/',
    grid: 9,
    status: CaseStatus.DISPATCHED,
    holdingLevel: 0,
    department: 5,
    reporter: 12,
  };

  it('fails on an entity whose foreign keys are reference objects, which is why the workflow uses plain facts', () => {
    const entityLike = caseSubject({
      ...facts,
      department: { id: 5 } as unknown as number,
      reporter: { id: 12 } as unknown as number,
    });
    expect(department.can('handle', entityLike)).toBe(false);
    expect(department.can('handle', caseSubject(facts))).toBe(true);
    expect(resident.can('view', caseSubject(facts))).toBe(true);
  });

  it('matches the same conditions the SQL filter uses', () => {
    expect(department.can('handle', caseSubject({ ...facts, department: 6 }))).toBe(false);
    expect(department.can('handle', caseSubject({ ...facts, status: CaseStatus.RESOLVED }))).toBe(false);
    expect(resident.can('report', caseSubject({ ...facts, grid: 9 }))).toBe(true);
    expect(resident.can('report', caseSubject({ ...facts, grid: 10 }))).toBe(false);
  });
});

describe('point in a grid boundary', () => {
  const square = (w: number, s: number, e: number, n: number) => [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
  const withHole = { type: 'Polygon', coordinates: [square(0, 0, 10, 10), square(4, 4, 6, 6)] };

  it('counts the outer ring minus holes, any part of a MultiPolygon, and nothing else', () => {
    expect(pointInBoundary(withHole, 1, 1)).toBe(true);
    expect(pointInBoundary(withHole, 5, 5)).toBe(false);
    expect(pointInBoundary(withHole, 11, 5)).toBe(false);
    expect(
      pointInBoundary({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1, 1)], [square(5, 5, 6, 6)]] }, 5.5, 5.5),
    ).toBe(true);
    expect(pointInBoundary({ type: 'Point', coordinates: [1, 1] }, 1, 1)).toBeNull();
    expect(pointInBoundary(null, 1, 1)).toBeNull();
  });
});

describe('small cells', () => {
  it('withholds 1..minimum−1, shows zero, and withholds a second cell when one alone could be recomputed', () => {
    const cells = new SmallCells(5);
    expect(cells.breakdown([0, 2, 5, 9])).toEqual([
      { count: 0, suppressed: false },
      { count: null, suppressed: true },
      { count: null, suppressed: true },
      { count: 9, suppressed: false },
    ]);
    expect(cells.share(3, 20)).toEqual({ value: null, basis: null, suppressed: true });
    expect(cells.share(10, 20)).toEqual({ value: 0.5, basis: 20, suppressed: false });
    expect(new SmallCells(null).count(1)).toEqual({ count: 1, suppressed: false });
  });
});
