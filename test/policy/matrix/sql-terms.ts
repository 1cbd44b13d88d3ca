/**
 * Small SQL builders for the oracle's row scopes. Values come from the test database itself (paths, ids,
 * codes), and are quoted here so that a scope reads as one boolean expression on a table alias.
 */

export const lit = (value: string | number): string =>
  typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`;

/** The column lies in one of the subtrees (a materialized path starts with the subtree's path). */
export function underAny(column: string, paths: string[]): string {
  if (paths.length === 0) return 'false';
  return `(${paths.map((path) => `starts_with(${column}, ${lit(path)})`).join(' or ')})`;
}

export const inList = (column: string, values: (string | number)[]): string =>
  values.length === 0 ? 'false' : `${column} in (${values.map(lit).join(', ')})`;

/** Each Node type's table in the schema of the migrations. */
export const TABLES: Record<string, string> = {
  Grid: 'grid',
  Department: 'department',
  SpecialCategory: 'special_category',
  CaseCategory: 'case_category',
  Resident: 'resident',
  Household: 'household',
  ResidentCategory: 'resident_category',
  Visit: 'visit',
  Case: 'cases',
  CaseEvent: 'case_event',
  CaseAttachment: 'case_attachment',
  VisitAttachment: 'visit_attachment',
  Notification: 'notification',
  Worker: 'worker',
  GridAssignment: 'grid_assignment',
  TrainingRecord: 'training_record',
  Assessment: 'assessment',
  Mentorship: 'mentorship',
  PatrolTrack: 'patrol_track',
  AssessmentWeights: 'assessment_weights',
  RedBlackList: 'red_black_list',
  RedBlackEntry: 'red_black_entry',
  User: 'app_user',
  Delegation: 'delegation',
  EmergencyAccess: 'emergency_access',
  AccessLog: 'access_log',
  LegalHold: 'access_log_legal_hold',
  ChangeEntry: 'change_entry',
  ChangeRequest: 'change_request',
};

const restrictedCategory = (t: string) =>
  `exists (select 1 from special_category sc where sc.id = ${t}.category_id and sc.security_label = 'RESTRICTED')`;

/**
 * Rows whose fields rise to a higher tier (contract §3): memberships of and visits for a category labelled
 * RESTRICTED, and cases of a dispute or petition, read here as a sensitive case or a sensitive category.
 * A membership or visit is itself a fact of its category's tier, so such a row exists only for a post
 * whose tiers reach T4; a case stays, and only its description rises.
 */
export const ELEVATED_ROWS: Record<string, { where: (t: string) => string; hidesRow: boolean }> = {
  ResidentCategory: { where: restrictedCategory, hidesRow: true },
  Visit: { where: restrictedCategory, hidesRow: true },
  Case: {
    where: (t) =>
      `(${t}.sensitive or exists (select 1 from case_category cc where cc.id = ${t}.category_id and cc.sensitive))`,
    hidesRow: false,
  },
  // The attachment copies its case's sensitivity when attached.
  CaseAttachment: { where: (t) => `${t}.sensitive`, hidesRow: false },
  // A visit's photo rises with its visit; the visit's own rows already keep it from posts below T4.
  VisitAttachment: {
    where: (t) => `exists (select 1 from visit v where v.id = ${t}.visit_id and ${restrictedCategory('v')})`,
    hidesRow: false,
  },
};

/** Types that belong to another row (contract §4, §10): shown only where their owner and its field are. */
export const OWNED: Record<string, { owner: string; column: string; field: string }> = {
  ResidentCategory: { owner: 'Resident', column: 'resident_id', field: 'categories' },
  Visit: { owner: 'Resident', column: 'resident_id', field: 'visits' },
  CaseEvent: { owner: 'Case', column: 'case_id', field: 'timeline' },
  CaseAttachment: { owner: 'Case', column: 'case_id', field: 'attachments' },
  VisitAttachment: { owner: 'Visit', column: 'visit_id', field: 'attachments' },
  GridAssignment: { owner: 'Worker', column: 'worker_id', field: 'assignments' },
  TrainingRecord: { owner: 'Worker', column: 'worker_id', field: 'trainings' },
  Assessment: { owner: 'Worker', column: 'worker_id', field: 'assessments' },
  Mentorship: { owner: 'Worker', column: 'mentee_id', field: 'mentorships' },
  PatrolTrack: { owner: 'Worker', column: 'worker_id', field: 'patrolTracks' },
  RedBlackEntry: { owner: 'RedBlackList', column: 'list_id', field: 'entries' },
};
