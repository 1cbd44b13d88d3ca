import { AppBuilder, Conditions, grantTiers, reasonOf, tiersBetween } from './ability';
import { underOwner } from './conditions';
import type { Principal } from './principal';
import { FieldTier } from '../common/tiers';

const { INTERNAL, SENSITIVE, RESTRICTED } = FieldTier;

/** What the write rules need of a role's grants: the caller, the builder and its grid subtrees. */
export interface WriteGrants {
  p: Principal;
  b: AppBuilder;
  inScope(pathField?: string): Conditions[];
}

/**
 * The base-data writes of grid staff (contract §13's table): register, update T1–T3, move between their
 * grids and out of the district, households, memberships (their T4 details too) and visits, all inside the
 * post's own subtrees. A write is granted per tier, like a read, so a field above the post's write tier is
 * refused by name. Owned records (memberships, visits) are written where their resident is.
 */
export function gridStaffWrites(g: WriteGrants): void {
  const because = (what: string) => reasonOf('ROLE_SCOPE', `${g.p.role}.${what}`);
  const residentFields = tiersBetween(INTERNAL, SENSITIVE);
  for (const scope of g.inScope()) {
    g.b.can(['create', 'move', 'moveOut', 'confirmChange'], 'Resident', scope).because(because('write.Resident'));
    g.b.can('update', 'Resident', residentFields, scope).because(because('update.Resident'));
    g.b.can(['create', 'update'], 'Household', scope).because(because('write.Household'));
    const owned = underOwner('resident', scope);
    g.b.can('create', 'ResidentCategory', owned).because(because('write.ResidentCategory'));
    g.b
      .can('update', 'ResidentCategory', tiersBetween(SENSITIVE, RESTRICTED), owned)
      .because(because('update.ResidentCategory'));
    g.b.can('create', 'Visit', owned).because(because('write.Visit'));
  }
}

/**
 * Residents' change requests, read by the staff who confirm them: where the resident lives now, followed
 * through the resident's row, at the post's tiers (the requested values are the live fields' tiers).
 */
export function changeRequestReads(g: WriteGrants, tiers: { fullUpTo: FieldTier; maskedUpTo?: FieldTier }): void {
  const reason = reasonOf('ROLE_SCOPE', `${g.p.role}.ChangeRequest`);
  for (const scope of g.inScope()) grantTiers(g.b, 'ChangeRequest', tiers, underOwner('resident', scope), reason);
}

/** The street moves residents between the communities of its street, and writes nothing else of them. */
export function streetWrites(g: WriteGrants): void {
  for (const scope of g.inScope())
    g.b.can('move', 'Resident', scope).because(reasonOf('ROLE_SCOPE', `${g.p.role}.move.Resident`));
}

/** A resident asks for their own phone and address to be corrected; a worker confirms the change. */
export function residentRequests(g: WriteGrants): void {
  const own = { id: g.p.residentId ?? 0 };
  g.b.can('requestChange', 'Resident', ['phone', 'address'], own).because(reasonOf('SELF', 'RESIDENT.requestChange'));
  const mine = { resident: g.p.residentId ?? 0 };
  grantTiers(g.b, 'ChangeRequest', { fullUpTo: RESTRICTED }, mine, reasonOf('SELF', 'RESIDENT.ChangeRequest'));
}

/**
 * Who reads the change history: an entry is read where the change happened, and for a move also where it
 * came from (so the post that lost the resident learns it did). An entry about a RESTRICTED category exists
 * only for posts reading T4. The values inside are tiered by the live fields' rules, not by these.
 */
export function historyReads(g: WriteGrants, reachesRestricted: boolean, scopes: Conditions[]): void {
  const narrower: Conditions = reachesRestricted ? {} : { restricted: false };
  const reason = reasonOf('ROLE_SCOPE', `${g.p.role}.ChangeEntry`);
  for (const scope of scopes) {
    g.b.can('view', 'ChangeEntry', { ...scope, ...narrower }).because(reason);
    g.b.can('read', 'ChangeEntry', ['T1'], { ...scope, ...narrower }).because(reason);
  }
}

/**
 * Where an entry about something in no grid lies (a login, a catalogue, the assessment weights). Grid paths
 * start with "/" and posts read subtrees by prefix, so no grid post's scope reaches it.
 */
export const ADMINISTRATION_PATH = 'administration';

/** Administrative entries: the privacy officer oversees who changed logins and catalogues (the district reads all). */
export function administrationHistoryReads(g: WriteGrants): void {
  historyReads(g, false, [{ gridPath: ADMINISTRATION_PATH }]);
}

/** Both the grid an entry is in and, for moves, the grid it left, inside the caller's subtrees. */
export function historyScopes(g: WriteGrants): Conditions[] {
  return [...g.inScope('gridPath'), ...g.inScope('fromGridPath')];
}
