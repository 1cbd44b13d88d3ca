import type { Caller } from './caller';
import { department } from './department-oracle';
import { inList, lit, underAny } from './sql-terms';

/**
 * Contract §4 (with §6 for departments, §8 for the log, §13 for assessments) written down as data, apart
 * from the policy's code: per post and type, which rows exist for the caller (an SQL condition on the
 * type's table) and up to which tier fields come in clear and masked. Where the contract is silent on a
 * type for a post, the stricter reading is taken: no rows, and for cases the post's resident tiers.
 */
export type Outcome = 'FULL' | 'MASKED' | 'HIDDEN';
export type Where = (t: string, c: Caller) => string;

export interface TypeRule {
  /** The rows the post sees; 'owned': its owner's rows, where the owner's field is not withheld. */
  rows: Where | 'owned';
  full: number;
  masked?: number;
  /** Per-field outcomes that replace the tiers (a delegation's field list, the privacy officer's name). */
  fields?: (c: Caller) => Record<string, Outcome>;
  /** The whole type is refused with this code (a department without a purpose, or a wrong one). */
  refused?: 'PURPOSE_REQUIRED' | 'FORBIDDEN';
}

export interface Post {
  name: string;
  username: string;
  purpose?: string;
  types: Record<string, TypeRule>;
}

const all: Where = () => 'true';
const none: Where = () => 'false';
const inMyGrids =
  (column = 'grid_path'): Where =>
  (t, c) =>
    underAny(`${t}.${column}`, c.paths);
const self =
  (column: string, key: 'userId' | 'residentId'): Where =>
  (t, c) =>
    `${t}.${column} = ${lit(c[key] ?? 0)}`;
const myUser = self('id', 'userId');

/**
 * The change history (§13): an entry is read where the change happened and, for a move, where it came from;
 * entries about a restricted category only by posts reading T4. Its own facts are T1; the values inside
 * follow the live fields' tiers and are checked by the history tests.
 */
const history =
  (reachesRestricted: boolean): Where =>
  (t, c) =>
    `(${underAny(`${t}.grid_path`, c.paths)} or ${underAny(`${t}.from_grid_path`, c.paths)})` +
    (reachesRestricted ? '' : ` and not ${t}.restricted`);

/** Residents' change requests (§13): read by the staff of the grid the resident lives in now. */
const requestsInMyGrids: Where = (t, c) =>
  `exists (select 1 from resident r where r.id = ${t}.resident_id and ${underAny('r.grid_path', c.paths)})`;

const tiers = (rows: TypeRule['rows'], full: number, masked?: number): TypeRule => ({ rows, full, masked });
const nothing = tiers(none, 0);

/** Shared reference data (T0): the grid tree and the catalogues, for every post. */
const CATALOGUE: Record<string, TypeRule> = {
  Grid: tiers(all, 0),
  Department: tiers(all, 0),
  SpecialCategory: tiers(all, 0),
  CaseCategory: tiers(all, 0),
  AssessmentWeights: tiers(all, 0),
};

const NO_WORKER_RECORDS = { TrainingRecord: nothing, Assessment: nothing, Mentorship: nothing, PatrolTrack: nothing };
const NO_LISTS = { RedBlackList: nothing, RedBlackEntry: nothing };

/** The streets above a caller's grids: "/1/4/27/" lies in the street "/1/4/". */
const streetsOf = (c: Caller) => [
  ...new Set([...c.paths, ...c.communities].map((p) => `/${p.split('/').filter(Boolean).slice(0, 2).join('/')}/`)),
];

/**
 * Red/black lists (§14): published to the street's workers, who see both sides and their own place; the
 * street admin and the district see the whole ranking.
 */
function redBlackLists(rows: Where, wholeRanking: boolean): Record<string, TypeRule> {
  const entries: Where = (t, c) =>
    `${t}.list_id in (select l.id from red_black_list l where ${rows('l', c)})` +
    (wholeRanking ? '' : ` and (${t}.side is not null or ${t}.worker_id = ${lit(c.workerId ?? 0)})`);
  return { RedBlackList: tiers(rows, 1), RedBlackEntry: tiers(entries, 1) };
}
const ofMyStreet: Where = (t, c) => inList(`${t}.street_path`, streetsOf(c));

/** A worker's own records (§14: it reads its assessments, trainings, pairs and patrols), never a colleague's. */
const ownRecord =
  (column: string): Where =>
  (t, c) =>
    `${t}.${column} = ${lit(c.workerId ?? 0)}`;

const NO_GRANTS = {
  Delegation: nothing,
  EmergencyAccess: nothing,
  AccessLog: nothing,
  LegalHold: nothing,
  ChangeEntry: nothing,
  ChangeRequest: nothing,
};
/** Every post's own inbox (contract §15). */
export const INBOX = { Notification: tiers(self('recipient_id', 'userId'), 1) };

/** Residents and what belongs to them, in a scope, with one pair of tiers. */
function residents(rows: Where, full: number, masked?: number): Record<string, TypeRule> {
  return {
    Resident: tiers(rows, full, masked),
    Household: tiers(rows, full, masked),
    ResidentCategory: tiers('owned', full, masked),
    Visit: tiers('owned', full, masked),
    // A visit's photos (contract §16): where the visit is, at the tier of its notes.
    VisitAttachment: tiers('owned', full, masked),
  };
}

function cases(rows: Where, full: number, masked?: number): Record<string, TypeRule> {
  return {
    Case: tiers(rows, full, masked),
    CaseEvent: tiers('owned', full, masked),
    // A case's photos have the tier of its account (contract §16).
    CaseAttachment: tiers('owned', full, masked),
  };
}

/** Grid staff (§4 rows 1–3): residents and cases of their subtrees. */
function gridStaff(full: number, masked?: number): Record<string, TypeRule> {
  return { ...CATALOGUE, ...residents(inMyGrids(), full, masked), ...cases(inMyGrids(), full, masked) };
}

export const POSTS: Post[] = [
  {
    name: 'GRID_WORKER',
    username: 'worker.demo',
    types: {
      ...gridStaff(4),
      Worker: tiers((t, c) => underAny(`${t}.home_grid_path`, c.communities), 1),
      GridAssignment: tiers('owned', 1),
      ...{ TrainingRecord: tiers(ownRecord('worker_id'), 1), Assessment: tiers(ownRecord('worker_id'), 2) },
      ...{ Mentorship: tiers(ownRecord('mentee_id'), 1), PatrolTrack: tiers(ownRecord('worker_id'), 1) },
      ...redBlackLists(ofMyStreet, false),
      User: tiers(myUser, 0),
      ...INBOX,
      ...NO_GRANTS,
      EmergencyAccess: tiers(self('user_id', 'userId'), 0),
      AccessLog: tiers(self('actor_user_id', 'userId'), 2),
      ChangeEntry: tiers(history(true), 1),
      ChangeRequest: tiers(requestsInMyGrids, 4),
    },
  },
  {
    name: 'GRID_LEADER',
    username: 'leader.demo',
    types: {
      ...gridStaff(3, 4),
      Worker: tiers(inMyGrids('home_grid_path'), 2),
      ...{ GridAssignment: tiers('owned', 2), Assessment: tiers('owned', 2) },
      ...{ TrainingRecord: tiers('owned', 2), Mentorship: tiers('owned', 2), PatrolTrack: nothing },
      ...redBlackLists(ofMyStreet, false),
      User: tiers(myUser, 0),
      ...INBOX,
      ...NO_GRANTS,
      EmergencyAccess: tiers(self('user_id', 'userId'), 0),
      ChangeEntry: tiers(history(true), 1),
      ChangeRequest: tiers(requestsInMyGrids, 3, 4),
    },
  },
  {
    name: 'STREET_ADMIN',
    username: 'street.demo',
    types: {
      ...gridStaff(2, 3),
      Worker: tiers(inMyGrids('home_grid_path'), 2),
      ...NO_WORKER_RECORDS,
      ...{ GridAssignment: tiers('owned', 2), Assessment: tiers('owned', 2), PatrolTrack: tiers('owned', 4) },
      ...redBlackLists(inMyGrids('street_path'), true),
      User: tiers(myUser, 0),
      ...INBOX,
      ...NO_GRANTS,
      ChangeEntry: tiers(history(false), 1),
    },
  },
  {
    name: 'COMMAND_CENTER',
    username: 'center.demo',
    types: {
      ...CATALOGUE,
      ...residents(all, 1, 2),
      // It dispatches cases, so it reads their account and place in clear (contract §4: cases "all").
      ...cases(all, 2, 3),
      ...{ Worker: tiers(all, 1), GridAssignment: tiers('owned', 1), ...NO_WORKER_RECORDS, ...NO_LISTS },
      User: tiers(myUser, 0),
      ...INBOX,
      ...NO_GRANTS,
    },
  },
  {
    name: 'DISTRICT_ADMIN',
    username: 'admin.demo',
    types: {
      ...CATALOGUE,
      ...residents(all, 2, 3),
      ...cases(all, 2, 3),
      ...{ Worker: tiers(all, 4), GridAssignment: tiers('owned', 4), Assessment: tiers('owned', 4) },
      ...{ TrainingRecord: tiers('owned', 4), Mentorship: tiers('owned', 4), PatrolTrack: tiers('owned', 4) },
      ...{ User: tiers(all, 0), Delegation: tiers(all, 0), EmergencyAccess: tiers(all, 0) },
      ...INBOX,
      ...{ AccessLog: nothing, LegalHold: nothing, ChangeEntry: tiers((t) => `not ${t}.restricted`, 1) },
      ChangeRequest: nothing,
      ...redBlackLists(all, true),
    },
  },
  ...['WELFARE_CHECK', undefined, 'UNKNOWN_PURPOSE'].map((purpose) => department(purpose)),
  {
    name: 'PRIVACY_OFFICER',
    username: 'privacy.demo',
    types: {
      ...CATALOGUE,
      Resident: { rows: all, full: 0, fields: () => ({ name: 'MASKED' }) },
      ...{ Household: nothing, ResidentCategory: nothing, Visit: nothing, Case: nothing, CaseEvent: nothing },
      ...{ CaseAttachment: nothing, VisitAttachment: nothing },
      ...{ Worker: nothing, GridAssignment: nothing, ...NO_WORKER_RECORDS, ...NO_LISTS },
      ...{ User: tiers(all, 0), Delegation: tiers(all, 0), EmergencyAccess: tiers(all, 0) },
      ...INBOX,
      ...{ AccessLog: tiers(all, 4), LegalHold: tiers(all, 0), ChangeRequest: nothing },
      // §13: the privacy officer reads the administrative entries (logins, catalogues), nothing of a grid.
      ChangeEntry: tiers((t) => `${t}.grid_path = 'administration' and not ${t}.restricted`, 1),
    },
  },
  {
    name: 'RESIDENT',
    username: 'resident.demo',
    types: {
      ...CATALOGUE,
      ...residents(self('id', 'residentId'), 4),
      Household: tiers(
        (t, c) => `${t}.id = (select household_id from resident where id = ${lit(c.residentId ?? 0)})`,
        4,
      ),
      ...cases(self('reporter_id', 'userId'), 4),
      Worker: tiers(myGridWorkers, 1),
      ...{ GridAssignment: tiers('owned', 1), ...NO_WORKER_RECORDS, ...NO_LISTS },
      User: tiers(myUser, 0),
      ...INBOX,
      ...NO_GRANTS,
      AccessLog: tiers((t, c) => `${t}.entity_type = 'Resident' and ${t}.entity_id = ${lit(c.residentId ?? 0)}`, 1),
      ChangeEntry: tiers(self('resident_id', 'residentId'), 1),
      ChangeRequest: tiers(self('resident_id', 'residentId'), 4),
    },
  },
];

/** "Own grid worker" (§4): a worker currently assigned as GRID_WORKER to the resident's grid. */
function myGridWorkers(t: string, c: Caller): string {
  return `exists (select 1 from grid_assignment a where a.worker_id = ${t}.id and a.role = 'GRID_WORKER'
    and a.grid_id = ${lit(c.residentGridId ?? 0)} and a.valid_from <= current_date
    and (a.valid_until is null or a.valid_until >= current_date))`;
}
