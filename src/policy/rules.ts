import { AppBuilder, reasonOf, SubjectType } from './ability';
import { CATALOGUE } from './row-owners';
import { aboutSubject, underGrid } from './conditions';
import { grantDelegation } from './delegation-rules';
import {
  administrationHistoryReads,
  changeRequestReads,
  gridStaffWrites,
  historyReads,
  historyScopes,
  residentRequests,
  streetWrites,
} from './write-rules';
import type { Principal } from './principal';
import { Grants, Scope, Tiers } from './grants';
import { Role } from './roles';
import { FieldTier } from '../common/tiers';

const { INTERNAL, PERSONAL, SENSITIVE, RESTRICTED } = FieldTier;

const WORKER_RECORDS = ['Assessment', 'TrainingRecord', 'Mentorship', 'GridAssignment', 'PatrolTrack'] as const;

/** Posts whose tiers stop below T4 are kept from restricted memberships and visits altogether. */
function memberships(g: Grants, residentTiers: Tiers, types: SubjectType[] = ['ResidentCategory', 'Visit']): void {
  const reachesRestricted = (residentTiers.maskedUpTo ?? residentTiers.fullUpTo) >= RESTRICTED;
  for (const type of types) g.owned(type, residentTiers, reachesRestricted ? undefined : g.belowRestricted());
  // A visit's photos are where the visit is, with its tiers: the visit's conditions already keep out a
  // restricted category's visits from a post below T4.
  if (types.includes('Visit')) g.owned('VisitAttachment', residentTiers);
}

/** Grid staff (worker, leader, street admin) share the shape of their rules and differ in tiers. */
function gridStaff(g: Grants, residentTiers: Tiers, emergency: boolean): void {
  g.view(CATALOGUE);
  const scope = g.inScope();
  for (const type of ['Resident', 'Household'] as const) g.tiers(type, residentTiers, scope);
  if (emergency) emergencies(g, residentTiers);
  memberships(g, residentTiers);
  // A case says no more than the post reads of residents: a street admin sees a dispute's account masked.
  const caseFull = Math.min(residentTiers.fullUpTo, SENSITIVE) as FieldTier;
  g.tiers('Case', { fullUpTo: caseFull, maskedUpTo: SENSITIVE }, scope);
  g.owned('CaseEvent', { fullUpTo: PERSONAL });
  // A case's photos have the tier of its account (contract §16).
  g.owned('CaseAttachment', { fullUpTo: caseFull, maskedUpTo: SENSITIVE });
  g.allow(['report', 'handle', 'escalate', 'verify'], 'Case', scope);
  g.allow(['aggregateExact'], 'Statistics');
  g.view(['User'], { id: g.p.userId });
}

/** Break-the-glass (contract §7): the post's own tiers on one resident or one grid, logged as EMERGENCY. */
function emergencies(g: Grants, residentTiers: Tiers): void {
  g.allow(['create'], 'EmergencyAccess');
  g.allow(['view', 'update'], 'EmergencyAccess', { user: g.p.userId });
  for (const e of g.p.emergencies) {
    const rows = e.residentId !== null ? { id: e.residentId } : { gridPath: underGrid(e.gridPath ?? '/none/') };
    g.tiers('Resident', residentTiers, rows, `EMERGENCY:${e.id}`);
  }
}

/** The street path above a community path: "/1/4/27/" → "/1/4/". */
function streetOf(homeGridPath: string | null): string {
  const ids = (homeGridPath ?? '').split('/').filter(Boolean);
  return ids.length >= 2 ? `/${ids.slice(0, 2).join('/')}/` : '/none/';
}

/**
 * A worker's own records (contract §14: it reads its assessments, trainings, pairs and patrols), granted
 * before its colleagues' rows so the records inherit only the worker's own row. Assessments are T2: the
 * worker reads its own parts in clear, never a colleague's.
 */
function ownWorkerRecords(g: Grants): void {
  g.tiers('Worker', { fullUpTo: INTERNAL }, { id: g.p.workerId ?? 0 }, 'SELF');
  g.owned('Assessment', { fullUpTo: PERSONAL });
  for (const type of ['TrainingRecord', 'Mentorship', 'PatrolTrack'] as const) g.owned(type, { fullUpTo: INTERNAL });
  g.allow(['create', 'update'], 'PatrolTrack', { worker: g.p.workerId ?? 0 });
}

/**
 * Red/black lists (红黑榜) of the street: a worker sees both sides of its street's lists and its own place,
 * never the rest of the ranking; the street admin and the district see the whole ranking.
 */
function redBlackLists(g: Grants, lists: Scope, wholeRanking: boolean): void {
  g.tiers('RedBlackList', { fullUpTo: INTERNAL }, lists);
  if (wholeRanking) {
    g.owned('RedBlackEntry', { fullUpTo: INTERNAL });
  } else {
    g.owned('RedBlackEntry', { fullUpTo: INTERNAL }, { side: { $in: ['RED', 'BLACK'] } });
    g.owned('RedBlackEntry', { fullUpTo: INTERNAL }, { worker: g.p.workerId ?? 0 });
  }
}

/** Workers in a scope with their records (assignments, trainings, pairs, assessments, patrols). */
function workersWithRecords(g: Grants, workerTiers: Tiers, recordTiers: Tiers, scope?: Scope): void {
  g.tiers('Worker', workerTiers, scope);
  for (const type of WORKER_RECORDS) g.owned(type, recordTiers);
}

/**
 * Every post's rules (contract §4), in one place. Entities and resolvers name no roles: they ask the
 * ability. A type a post is given nothing of is invisible to it: rows, fields and relations alike.
 */
export const rolePermissions: Record<Role, (g: Grants) => void> = {
  [Role.GRID_WORKER](g) {
    gridStaff(g, { fullUpTo: RESTRICTED }, true);
    ownWorkerRecords(g);
    gridStaffWrites(g);
    changeRequestReads(g, { fullUpTo: RESTRICTED });
    historyReads(g, true, historyScopes(g));
    g.tiers('Worker', { fullUpTo: INTERNAL }, { homeGridPath: g.p.homeGridPath ?? '/none/' });
    g.owned('GridAssignment', { fullUpTo: INTERNAL });
    redBlackLists(g, { streetPath: streetOf(g.p.homeGridPath) }, false);
    g.tiers('AccessLog', { fullUpTo: PERSONAL }, { actorUserId: g.p.userId });
  },
  [Role.GRID_LEADER](g) {
    gridStaff(g, { fullUpTo: SENSITIVE, maskedUpTo: RESTRICTED }, true);
    gridStaffWrites(g);
    changeRequestReads(g, { fullUpTo: SENSITIVE, maskedUpTo: RESTRICTED });
    historyReads(g, true, historyScopes(g));
    g.tiers('Worker', { fullUpTo: PERSONAL }, g.inScope('homeGridPath'));
    for (const type of ['Assessment', 'TrainingRecord', 'Mentorship', 'GridAssignment'] as const)
      g.owned(type, { fullUpTo: PERSONAL });
    g.allow(['assign'], 'Case', g.inScope());
    // Assignments in the community; trainings, pairs, nominations and community scores of its workers.
    g.allow(['assign'], 'GridAssignment', g.inScope());
    for (const type of ['TrainingRecord', 'Mentorship', 'Assessment'] as const)
      g.allow(['create', 'update'], type, g.inScope('homeGridPath'));
    g.allow(['supervise'], 'Worker');
    redBlackLists(g, { streetPath: streetOf(g.p.homeGridPath) }, false);
  },
  [Role.STREET_ADMIN](g) {
    gridStaff(g, { fullUpTo: PERSONAL, maskedUpTo: SENSITIVE }, false);
    streetWrites(g);
    historyReads(g, false, historyScopes(g));
    g.tiers('Worker', { fullUpTo: PERSONAL }, g.inScope('homeGridPath'));
    // The street reviews assessments and reads patrols; trainings and pairs stay with the community.
    for (const type of ['Assessment', 'GridAssignment'] as const) g.owned(type, { fullUpTo: PERSONAL });
    g.owned('PatrolTrack', { fullUpTo: RESTRICTED });
    g.allow(['assign', 'review'], 'Case', g.inScope());
    g.allow(['review'], 'Assessment', g.inScope('homeGridPath'));
    g.allow(['create'], 'RedBlackList', g.inScope('streetPath'));
    g.allow(['supervise'], 'Worker');
    redBlackLists(g, g.inScope('streetPath'), true);
  },
  [Role.COMMAND_CENTER](g) {
    g.view(CATALOGUE);
    // Memberships are T3, above what the centre reads of residents: it sees none of them.
    for (const type of ['Resident', 'Household'] as const) g.tiers(type, { fullUpTo: INTERNAL, maskedUpTo: PERSONAL });
    // The centre dispatches cases, so it reads their account and place in clear; a dispute's account masked.
    g.tiers('Case', { fullUpTo: PERSONAL, maskedUpTo: SENSITIVE });
    g.owned('CaseEvent', { fullUpTo: PERSONAL });
    g.owned('CaseAttachment', { fullUpTo: PERSONAL, maskedUpTo: SENSITIVE });
    g.tiers('Worker', { fullUpTo: INTERNAL });
    g.owned('GridAssignment', { fullUpTo: INTERNAL });
    // The command centre takes hotline (12345) calls, so it reports cases too.
    g.allow(['dispatch', 'supervise', 'handle', 'report'], 'Case');
    g.allow(['aggregateExact'], 'Statistics');
    g.view(['User'], { id: g.p.userId });
  },
  [Role.DISTRICT_ADMIN](g) {
    g.view(CATALOGUE);
    const residentTiers = { fullUpTo: PERSONAL, maskedUpTo: SENSITIVE };
    for (const type of ['Resident', 'Household'] as const) g.tiers(type, residentTiers);
    memberships(g, residentTiers);
    historyReads(g, false, [{}]);
    g.tiers('Case', { fullUpTo: PERSONAL, maskedUpTo: SENSITIVE });
    g.owned('CaseEvent', { fullUpTo: PERSONAL });
    g.owned('CaseAttachment', { fullUpTo: PERSONAL, maskedUpTo: SENSITIVE });
    workersWithRecords(g, { fullUpTo: RESTRICTED }, { fullUpTo: RESTRICTED });
    g.view(['User', 'Delegation', 'EmergencyAccess']);
    for (const type of [...CATALOGUE, 'User', 'Delegation'] as const) g.allow(['manage'], type);
    g.allow(['assign'], 'GridAssignment');
    g.allow(['supervise'], 'Worker');
    redBlackLists(g, undefined, true);
    g.allow(['aggregateExact'], 'Statistics');
  },
  [Role.DEPARTMENT_OFFICER](g) {
    g.view(CATALOGUE);
    const ownDepartment = { department: g.p.departmentId ?? 0 };
    const dispatchedHere = { ...ownDepartment, status: 'DISPATCHED' };
    // A case it resolved or returned stays with it, read-only: only a dispatched one may still be handled.
    g.tiers('Case', { fullUpTo: PERSONAL }, ownDepartment);
    const returnedHere = { toStatus: 'RETURNED', actor: { department: g.p.departmentId ?? 0 } };
    g.tiers('Case', { fullUpTo: PERSONAL }, { events: { $some: returnedHere } });
    g.owned('CaseEvent', { fullUpTo: PERSONAL });
    g.owned('CaseAttachment', { fullUpTo: PERSONAL });
    g.tiers('Worker', { fullUpTo: INTERNAL }, { handledCases: { $some: dispatchedHere } });
    g.allow(['handle'], 'Case', dispatchedHere);
    grantDelegation(g);
    g.view(['Delegation'], ownDepartment, 'SELF');
    g.tiers('AccessLog', { fullUpTo: PERSONAL }, { actorUserId: g.p.userId });
    g.view(['User'], { id: g.p.userId });
  },
  [Role.PRIVACY_OFFICER](g) {
    g.view(CATALOGUE);
    g.view(['Resident', 'User', 'EmergencyAccess', 'Delegation', 'LegalHold']);
    g.fields('readMasked', 'Resident', ['name'], {}, reasonOf('ROLE_SCOPE', 'PRIVACY_OFFICER.Resident'));
    g.tiers('AccessLog', { fullUpTo: RESTRICTED });
    administrationHistoryReads(g);
    g.allow(['review'], 'AccessLog');
    g.allow(['review'], 'EmergencyAccess');
    g.allow(['aggregateExact'], 'Statistics');
  },
  [Role.RESIDENT](g) {
    g.view(CATALOGUE);
    const residentId = g.p.residentId ?? 0;
    g.tiers('Resident', { fullUpTo: RESTRICTED }, { id: residentId }, 'SELF');
    residentRequests(g);
    historyReads(g, true, [{ residentId }]);
    g.owned('ResidentCategory', { fullUpTo: RESTRICTED });
    g.tiers('Household', { fullUpTo: PERSONAL }, { residents: { $some: { id: residentId } } }, 'SELF');
    g.tiers('Case', { fullUpTo: RESTRICTED }, { reporter: g.p.userId }, 'SELF');
    g.owned('CaseEvent', { fullUpTo: PERSONAL });
    g.owned('CaseAttachment', { fullUpTo: RESTRICTED });
    g.allow(['report'], 'Case', { grid: g.p.residentGridId ?? 0 });
    g.tiers('Worker', { fullUpTo: INTERNAL }, { assignments: { $some: { grid: g.p.residentGridId ?? 0 } } });
    g.owned('GridAssignment', { fullUpTo: INTERNAL });
    g.tiers('AccessLog', { fullUpTo: INTERNAL }, aboutSubject('Resident', residentId), 'SELF');
    g.view(['User'], { id: g.p.userId });
  },
};

export function applyRoleRules(p: Principal, b: AppBuilder): void {
  const rules = rolePermissions[p.role];
  if (!rules) throw new Error(`Unknown role ${String(p.role)}: no rules are defined for it`);
  const grants = new Grants(p, b);
  rules(grants);
  // Every post has an inbox of its own (contract §15); the cases it names are read through the rules above.
  grants.tiers('Notification', { fullUpTo: INTERNAL }, { recipient: p.userId }, 'SELF');
}
