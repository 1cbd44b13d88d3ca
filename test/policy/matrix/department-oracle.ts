import type { Caller } from './caller';
import type { Outcome, Post, TypeRule, Where } from './oracle';
import { inList, lit, underAny } from './sql-terms';

/**
 * A partner department (contract §4 row 6, §6): cases dispatched to it, the T1 of their workers, its own
 * reads in the log, and residents only through the delegation its stated purpose names: the delegation's
 * subtree and categories, exactly its fields, T4 only with the explicit flag. Without a purpose, resident
 * data answers PURPOSE_REQUIRED; with a purpose no delegation carries, FORBIDDEN.
 */
const none: Where = () => 'false';
const all: Where = () => 'true';

const delegatedResident = (t: string, c: Caller): string => {
  const d = c.delegation;
  if (!d) return 'false';
  const inCategories =
    d.categoryCodes.length === 0
      ? 'true'
      : `exists (select 1 from resident_category m join special_category sc on sc.id = m.category_id
           where m.resident_id = ${t}.id and ${inList('sc.code', d.categoryCodes)})`;
  return `(${underAny(`${t}.grid_path`, [d.gridPath])} and ${inCategories})`;
};

const delegatedMembership = (t: string, c: Caller): string => {
  const d = c.delegation;
  if (!d || !d.fields.includes('categories')) return 'false';
  const codes = d.categoryCodes.length === 0 ? 'true' : inList('sc.code', d.categoryCodes);
  const label = d.includesRestricted ? 'true' : "sc.security_label <> 'RESTRICTED'";
  return `exists (select 1 from resident r, special_category sc where r.id = ${t}.resident_id and sc.id = ${t}.category_id
    and ${delegatedResident('r', c)} and ${codes} and ${label})`;
};

const delegatedHousehold = (t: string, c: Caller): string =>
  c.delegation?.fields.includes('household')
    ? `exists (select 1 from resident r where r.household_id = ${t}.id and ${delegatedResident('r', c)})`
    : 'false';

const dispatchedHere = (t: string, c: Caller) =>
  `${t}.department_id = ${lit(c.departmentId ?? 0)} and ${t}.status = 'DISPATCHED'`;

const dispatchedOnce = (t: string, c: Caller) =>
  `(${t}.department_id = ${lit(c.departmentId ?? 0)} or exists (select 1 from case_event e join app_user u on u.id = e.actor_id
     where e.case_id = ${t}.id and e.to_status = 'RETURNED' and u.department_id = ${lit(c.departmentId ?? 0)}))`;

/** Exactly the delegated resident fields in clear; every other field withheld. */
const delegatedFields = (c: Caller): Record<string, Outcome> =>
  Object.fromEntries((c.delegation?.fields ?? []).map((field) => [field, 'FULL' as Outcome]));

function residentData(purpose: string | undefined): Record<string, TypeRule> {
  const refused = purpose === undefined ? 'PURPOSE_REQUIRED' : purpose === 'WELFARE_CHECK' ? undefined : 'FORBIDDEN';
  if (refused) {
    const rule: TypeRule = { rows: none, full: 0, refused };
    return { Resident: rule, Household: rule, ResidentCategory: rule, Visit: rule, VisitAttachment: rule };
  }
  return {
    Resident: { rows: delegatedResident, full: 0, fields: delegatedFields },
    Household: { rows: delegatedHousehold, full: 2 },
    // The T4 forms of a membership count only with the delegation's explicit flag.
    ResidentCategory: { rows: delegatedMembership, full: 3 },
    Visit: { rows: none, full: 0 },
    VisitAttachment: { rows: none, full: 0 },
  };
}

export function department(purpose: string | undefined): Post {
  const rule = (rows: TypeRule['rows'], full: number): TypeRule => ({ rows, full });
  return {
    name: `DEPARTMENT_OFFICER(${purpose ?? 'no purpose'})`,
    username: 'dept.demo',
    purpose,
    types: {
      ...{ Grid: rule(all, 0), Department: rule(all, 0), SpecialCategory: rule(all, 0), CaseCategory: rule(all, 0) },
      AssessmentWeights: rule(all, 0),
      ...residentData(purpose),
      // A case dispatched here stays visible, read-only, once the department resolved it (§4 row 6).
      ...{ Case: rule(dispatchedOnce, 2), CaseEvent: rule('owned', 2), CaseAttachment: rule('owned', 2) },
      Notification: rule((t, c) => `${t}.recipient_id = ${lit(c.userId)}`, 1),
      Worker: rule(
        (t, c) => `exists (select 1 from cases k where k.handler_id = ${t}.id and ${dispatchedHere('k', c)})`,
        1,
      ),
      ...{ GridAssignment: rule('owned', 1), TrainingRecord: rule(none, 0), Assessment: rule(none, 0) },
      ...{
        Mentorship: rule(none, 0),
        PatrolTrack: rule(none, 0),
        RedBlackList: rule(none, 0),
        RedBlackEntry: rule(none, 0),
      },
      User: rule((t, c) => `${t}.id = ${lit(c.userId)}`, 0),
      Delegation: rule((t, c) => `${t}.department_id = ${lit(c.departmentId ?? 0)}`, 0),
      ...{
        EmergencyAccess: rule(none, 0),
        LegalHold: rule(none, 0),
        ChangeEntry: rule(none, 0),
        ChangeRequest: rule(none, 0),
      },
      AccessLog: rule((t, c) => `${t}.actor_user_id = ${lit(c.userId)}`, 2),
    },
  };
}
