import { Action, AppBuilder, Conditions, grantTiers, reasonOf, SubjectType } from './ability';
import { underGrid } from './conditions';
import { grantDelegation } from './delegation-rules';
import type { Principal } from './principal';
import { Role } from './roles';
import { FieldTier } from './tiers';

const { INTERNAL, PERSONAL, SENSITIVE, RESTRICTED } = FieldTier;
type Tiers = { fullUpTo: FieldTier; maskedUpTo?: FieldTier };
/** One rule per condition: CASL has no $or, so a post covering several grids gets one rule per grid. */
type Scope = Conditions | Conditions[] | undefined;

const eachOf = (scope: Scope): (Conditions | undefined)[] => (Array.isArray(scope) ? scope : [scope]);

/** A role's rules, each tagged with its basis and name so every decision can be explained. */
export class Grants {
  constructor(
    readonly p: Principal,
    readonly b: AppBuilder,
  ) {}

  tiers(type: SubjectType, tiers: Tiers, scope?: Scope, basis = 'ROLE_SCOPE'): void {
    for (const conditions of eachOf(scope))
      grantTiers(this.b, type, tiers, conditions, reasonOf(basis, `${this.p.role}.${type}`));
  }

  view(types: SubjectType[], conditions?: Conditions): void {
    this.b.can('view', types, conditions).because(reasonOf('ROLE_SCOPE', `${this.p.role}.view`));
  }

  allow(actions: Action[], type: SubjectType, scope?: Scope): void {
    const reason = reasonOf('ROLE_SCOPE', `${this.p.role}.${actions.join('+')}.${type}`);
    for (const conditions of eachOf(scope)) this.b.can(actions, type, conditions).because(reason);
  }

  /** An explicit refusal whose code (PURPOSE_REQUIRED, FORBIDDEN) the caller is told. */
  refuse(types: SubjectType[], code: string, rule: string): void {
    this.b.cannot('view', types).because(reasonOf(code, rule));
  }

  /** Rows of a grid-bound type inside any of the caller's subtrees: one condition per subtree. */
  inScope(pathField = 'gridPath'): Conditions[] {
    // No grids assigned means no rows: an impossible prefix keeps the rule in SQL rather than special-cased.
    const paths = this.p.scopePaths.length > 0 ? this.p.scopePaths : ['/none/'];
    return paths.map((path) => ({ [pathField]: underGrid(path) }));
  }
}

const CATALOGUE: SubjectType[] = ['Grid', 'SpecialCategory', 'CaseCategory', 'Department'];
const WORKER_RECORDS = ['Assessment', 'TrainingRecord', 'Mentorship', 'GridAssignment'] as const;

/** Grid staff (worker, leader, street admin) share the shape of their rules and differ in tiers. */
function gridStaff(g: Grants, residentTiers: Tiers): void {
  g.view(CATALOGUE);
  const scope = g.inScope();
  for (const type of ['Resident', 'Household', 'Visit'] as const) g.tiers(type, residentTiers, scope);
  g.tiers('ResidentCategory', residentTiers);
  g.tiers('Case', { fullUpTo: SENSITIVE }, scope);
  g.tiers('CaseEvent', { fullUpTo: PERSONAL });
  g.allow(['report', 'handle', 'escalate', 'verify'], 'Case', scope);
  g.allow(['aggregateExact'], 'Statistics');
  g.view(['User'], { id: g.p.userId });
}

/** Break-the-glass (SPEC §7): the post's own tiers on one resident or one grid, logged as EMERGENCY. */
function emergencies(g: Grants, residentTiers: Tiers): void {
  g.allow(['create'], 'EmergencyAccess');
  g.allow(['view', 'update'], 'EmergencyAccess', { user: g.p.userId });
  for (const e of g.p.emergencies) {
    const rows = e.residentId !== null ? { id: e.residentId } : { gridPath: underGrid(e.gridPath ?? '/none/') };
    g.tiers('Resident', residentTiers, rows, `EMERGENCY:${e.id}`);
  }
}

/**
 * Every post's rules (SPEC §4), in one place. Entities and resolvers name no roles: they ask the ability.
 */
export const rolePermissions: Record<Role, (g: Grants) => void> = {
  [Role.GRID_WORKER](g) {
    const residentTiers = { fullUpTo: RESTRICTED };
    gridStaff(g, residentTiers);
    emergencies(g, residentTiers);
    g.tiers('Worker', { fullUpTo: INTERNAL }, { homeGridPath: g.p.homeGridPath ?? '/none/' });
    g.tiers('GridAssignment', { fullUpTo: INTERNAL });
    g.tiers('AccessLog', { fullUpTo: PERSONAL }, { actorUserId: g.p.userId });
  },
  [Role.GRID_LEADER](g) {
    const residentTiers = { fullUpTo: SENSITIVE, maskedUpTo: RESTRICTED };
    gridStaff(g, residentTiers);
    emergencies(g, residentTiers);
    g.tiers('Worker', { fullUpTo: PERSONAL }, g.inScope('homeGridPath'));
    for (const type of WORKER_RECORDS) g.tiers(type, { fullUpTo: PERSONAL });
    g.tiers('PatrolTrack', { fullUpTo: INTERNAL }, g.inScope());
    g.allow(['assign'], 'Case', g.inScope());
  },
  [Role.STREET_ADMIN](g) {
    gridStaff(g, { fullUpTo: PERSONAL, maskedUpTo: SENSITIVE });
    g.tiers('Worker', { fullUpTo: PERSONAL }, g.inScope('homeGridPath'));
    for (const type of WORKER_RECORDS) g.tiers(type, { fullUpTo: PERSONAL });
    g.tiers('PatrolTrack', { fullUpTo: RESTRICTED }, g.inScope());
    g.allow(['assign', 'review'], 'Case', g.inScope());
  },
  [Role.COMMAND_CENTER](g) {
    g.view(CATALOGUE);
    for (const type of ['Resident', 'Household', 'ResidentCategory'] as const)
      g.tiers(type, { fullUpTo: INTERNAL, maskedUpTo: PERSONAL });
    g.tiers('Case', { fullUpTo: PERSONAL, maskedUpTo: SENSITIVE });
    g.tiers('CaseEvent', { fullUpTo: PERSONAL });
    g.tiers('Worker', { fullUpTo: INTERNAL });
    g.tiers('GridAssignment', { fullUpTo: INTERNAL });
    // The command centre takes hotline (12345) calls, so it reports cases too.
    g.allow(['dispatch', 'supervise', 'handle', 'report'], 'Case');
    g.allow(['aggregateExact'], 'Statistics');
    g.view(['User'], { id: g.p.userId });
  },
  [Role.DISTRICT_ADMIN](g) {
    g.view(CATALOGUE);
    for (const type of ['Resident', 'Household', 'ResidentCategory', 'Visit'] as const)
      g.tiers(type, { fullUpTo: PERSONAL, maskedUpTo: SENSITIVE });
    g.tiers('Case', { fullUpTo: PERSONAL, maskedUpTo: SENSITIVE });
    g.tiers('CaseEvent', { fullUpTo: PERSONAL });
    for (const type of ['Worker', ...WORKER_RECORDS, 'PatrolTrack'] as const) g.tiers(type, { fullUpTo: RESTRICTED });
    g.view(['User', 'Delegation', 'EmergencyAccess']);
    for (const type of [...CATALOGUE, 'User', 'Delegation'] as const) g.allow(['manage'], type);
    g.allow(['aggregateExact'], 'Statistics');
  },
  [Role.DEPARTMENT_OFFICER](g) {
    g.view(CATALOGUE);
    const dispatchedHere = { department: g.p.departmentId ?? 0, status: 'DISPATCHED' };
    g.tiers('Case', { fullUpTo: PERSONAL }, dispatchedHere);
    g.tiers('CaseEvent', { fullUpTo: INTERNAL });
    g.tiers('Worker', { fullUpTo: INTERNAL }, { handledCases: { $some: dispatchedHere } });
    g.allow(['handle'], 'Case', dispatchedHere);
    grantDelegation(g);
    g.tiers('AccessLog', { fullUpTo: PERSONAL }, { actorUserId: g.p.userId });
    g.view(['User'], { id: g.p.userId });
  },
  [Role.PRIVACY_OFFICER](g) {
    g.view(CATALOGUE);
    g.view(['Resident', 'User', 'EmergencyAccess', 'Delegation']);
    g.b.can('readMasked', 'Resident', ['name']).because(reasonOf('ROLE_SCOPE', 'PRIVACY_OFFICER.Resident'));
    g.tiers('AccessLog', { fullUpTo: RESTRICTED });
    g.allow(['review'], 'AccessLog');
    g.allow(['review'], 'EmergencyAccess');
    g.allow(['aggregateExact'], 'Statistics');
  },
  [Role.RESIDENT](g) {
    g.view(CATALOGUE);
    const residentId = g.p.residentId ?? 0;
    g.tiers('Resident', { fullUpTo: RESTRICTED }, { id: residentId }, 'SELF');
    g.tiers('ResidentCategory', { fullUpTo: RESTRICTED }, { resident: residentId }, 'SELF');
    g.tiers('Household', { fullUpTo: PERSONAL }, { residents: { $some: { id: residentId } } }, 'SELF');
    const ownCases = { reporter: g.p.userId };
    g.tiers('Case', { fullUpTo: RESTRICTED }, ownCases, 'SELF');
    g.tiers('CaseEvent', { fullUpTo: INTERNAL });
    g.allow(['report'], 'Case', { grid: g.p.residentGridId ?? 0 });
    g.tiers('Worker', { fullUpTo: INTERNAL }, { assignments: { $some: { grid: g.p.residentGridId ?? 0 } } });
    g.tiers('GridAssignment', { fullUpTo: INTERNAL }, { grid: g.p.residentGridId ?? 0 });
    g.tiers('AccessLog', { fullUpTo: INTERNAL }, { entityType: 'Resident', entityId: residentId }, 'SELF');
    g.view(['User'], { id: g.p.userId });
  },
};

export function applyRoleRules(p: Principal, b: AppBuilder): void {
  const rules = rolePermissions[p.role];
  if (!rules) throw new Error(`Unknown role ${String(p.role)}: no rules are defined for it`);
  rules(new Grants(p, b));
}
