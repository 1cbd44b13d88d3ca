import { AppBuilder, grantTiers } from './ability';
import { underGrid } from './conditions';
import type { Principal } from './principal';
import { Role } from './roles';
import { FieldTier } from './tiers';

const { INTERNAL, PERSONAL, SENSITIVE, RESTRICTED } = FieldTier;

/** Rows of a grid-bound type inside any of the caller's subtrees. */
function inScope(p: Principal, pathField = 'gridPath'): Record<string, unknown> {
  if (p.scopePaths.length === 1) return { [pathField]: underGrid(p.scopePaths[0]) };
  // No grids assigned means no rows: an impossible prefix keeps the rule in SQL rather than special-cased.
  if (p.scopePaths.length === 0) return { [pathField]: underGrid('/none/') };
  return { $or: p.scopePaths.map((path) => ({ [pathField]: underGrid(path) })) };
}

/** The public catalogue every post may read: the grid tree, categories, departments. */
function publicCatalogue(b: AppBuilder): void {
  b.can('view', ['Grid', 'SpecialCategory', 'CaseCategory', 'Department']);
}

/** Grid staff (worker, leader, street admin) share the shape of their rules and differ in tiers. */
function gridStaff(p: Principal, b: AppBuilder, residentTiers: { fullUpTo: FieldTier; maskedUpTo?: FieldTier }): void {
  publicCatalogue(b);
  const scope = inScope(p);
  for (const type of ['Resident', 'Household', 'Visit'] as const) grantTiers(b, type, residentTiers, scope);
  grantTiers(b, 'ResidentCategory', residentTiers);
  grantTiers(b, 'Case', { fullUpTo: SENSITIVE }, scope);
  grantTiers(b, 'CaseEvent', { fullUpTo: PERSONAL });
  b.can(['report', 'handle', 'escalate', 'verify'], 'Case', scope);
  b.can('view', 'User', { id: p.userId });
}

/**
 * Every post's rules (SPEC §4), in one place. Entities and resolvers name no roles: they ask the ability.
 */
export const rolePermissions: Record<Role, (p: Principal, b: AppBuilder) => void> = {
  [Role.GRID_WORKER](p, b) {
    gridStaff(p, b, { fullUpTo: RESTRICTED });
    grantTiers(b, 'Worker', { fullUpTo: INTERNAL }, { homeGridPath: p.homeGridPath ?? '/none/' });
    grantTiers(b, 'AccessLog', { fullUpTo: PERSONAL }, { actorUserId: p.userId });
  },
  [Role.GRID_LEADER](p, b) {
    gridStaff(p, b, { fullUpTo: SENSITIVE, maskedUpTo: RESTRICTED });
    const workers = inScope(p, 'homeGridPath');
    grantTiers(b, 'Worker', { fullUpTo: PERSONAL }, workers);
    for (const type of ['Assessment', 'TrainingRecord', 'Mentorship', 'GridAssignment'] as const) grantTiers(b, type, { fullUpTo: PERSONAL });
    b.can('assign', 'Case', inScope(p));
  },
  [Role.STREET_ADMIN](p, b) {
    gridStaff(p, b, { fullUpTo: PERSONAL, maskedUpTo: SENSITIVE });
    grantTiers(b, 'Worker', { fullUpTo: PERSONAL }, inScope(p, 'homeGridPath'));
    for (const type of ['Assessment', 'TrainingRecord', 'Mentorship', 'GridAssignment'] as const) grantTiers(b, type, { fullUpTo: PERSONAL });
    grantTiers(b, 'PatrolTrack', { fullUpTo: RESTRICTED }, inScope(p));
    b.can(['assign', 'review'], 'Case', inScope(p));
  },
  [Role.COMMAND_CENTER](p, b) {
    publicCatalogue(b);
    for (const type of ['Resident', 'Household', 'ResidentCategory'] as const) grantTiers(b, type, { fullUpTo: INTERNAL, maskedUpTo: PERSONAL });
    grantTiers(b, 'Case', { fullUpTo: PERSONAL, maskedUpTo: SENSITIVE });
    grantTiers(b, 'CaseEvent', { fullUpTo: PERSONAL });
    grantTiers(b, 'Worker', { fullUpTo: INTERNAL });
    b.can(['dispatch', 'supervise', 'handle'], 'Case');
    b.can('view', 'User', { id: p.userId });
  },
  [Role.DISTRICT_ADMIN](p, b) {
    publicCatalogue(b);
    for (const type of ['Resident', 'Household', 'ResidentCategory', 'Visit'] as const) grantTiers(b, type, { fullUpTo: PERSONAL, maskedUpTo: SENSITIVE });
    grantTiers(b, 'Case', { fullUpTo: PERSONAL, maskedUpTo: SENSITIVE });
    grantTiers(b, 'CaseEvent', { fullUpTo: PERSONAL });
    for (const type of ['Worker', 'Assessment', 'TrainingRecord', 'Mentorship', 'GridAssignment', 'PatrolTrack'] as const) grantTiers(b, type, { fullUpTo: RESTRICTED });
    b.can('view', 'User');
    b.can('manage', ['Grid', 'SpecialCategory', 'CaseCategory', 'Department', 'User', 'Delegation']);
    b.can('view', 'Delegation');
  },
  [Role.DEPARTMENT_OFFICER](p, b) {
    publicCatalogue(b);
    const dispatchedHere = { department: p.departmentId ?? 0, status: 'DISPATCHED' };
    grantTiers(b, 'Case', { fullUpTo: PERSONAL }, dispatchedHere);
    grantTiers(b, 'CaseEvent', { fullUpTo: INTERNAL });
    b.can('handle', 'Case', dispatchedHere);
    grantTiers(b, 'AccessLog', { fullUpTo: PERSONAL }, { actorUserId: p.userId });
    b.can('view', 'User', { id: p.userId });
  },
  [Role.PRIVACY_OFFICER](p, b) {
    publicCatalogue(b);
    b.can('view', 'Resident');
    b.can('readMasked', 'Resident', ['name']);
    grantTiers(b, 'AccessLog', { fullUpTo: RESTRICTED });
    b.can('review', ['AccessLog', 'EmergencyAccess']);
    b.can('view', 'EmergencyAccess');
    b.can('view', 'User');
  },
  [Role.RESIDENT](p, b) {
    publicCatalogue(b);
    const self = { id: p.residentId ?? 0 };
    grantTiers(b, 'Resident', { fullUpTo: RESTRICTED }, self);
    grantTiers(b, 'ResidentCategory', { fullUpTo: RESTRICTED }, { resident: p.residentId ?? 0 });
    grantTiers(b, 'Household', { fullUpTo: PERSONAL }, { residents: { $some: { id: p.residentId ?? 0 } } });
    const ownCases = { reporter: p.userId };
    grantTiers(b, 'Case', { fullUpTo: RESTRICTED }, ownCases);
    grantTiers(b, 'CaseEvent', { fullUpTo: INTERNAL });
    b.can('report', 'Case', { grid: p.residentGridId ?? 0 });
    grantTiers(b, 'Worker', { fullUpTo: INTERNAL }, { assignments: { $some: { grid: p.residentGridId ?? 0 } } });
    grantTiers(b, 'AccessLog', { fullUpTo: INTERNAL }, { entityType: 'Resident', entityId: p.residentId ?? 0 });
    b.can('view', 'User', { id: p.userId });
  },
};

export function applyRoleRules(p: Principal, b: AppBuilder): void {
  const rules = rolePermissions[p.role];
  if (!rules) throw new Error(`Unknown role ${String(p.role)}: no rules are defined for it`);
  rules(p, b);
}
