import type { SubjectType } from './ability';

/** How a type's rows are placed in the district, which decides how a post's scope reaches them. */
export type RowAnchor =
  /** Shared reference data every post with any access sees (the grid tree, catalogues). */
  | { kind: 'catalogue' }
  /**
   * Rows carrying their grid's materialized path, scoped by grid subtree. `pathOnly`: the row keeps the path
   * but no reference to the grid (a history entry outlives a grid's rename or split), so its scope stays a
   * path prefix and is never rewritten to grid ids.
   */
  | { kind: 'grid'; pathField: string; pathOnly?: true }
  /** Rows that belong to another row: visible exactly where their owner is, under the owner's grant. */
  | { kind: 'owned'; via: string; owner: SubjectType }
  /** Rows with rules of their own (users, grants, the log): each post's rules say which. */
  | { kind: 'own-rules' };

/**
 * Every entity type's anchor. A type missing here is a type no post sees (the service refuses to start
 * with an entity that has no anchor), and an owned type never gets conditions of its own: it inherits its
 * owner's, grant by grant, so it can never be wider than its owner.
 */
export const ROW_ANCHORS: Record<Exclude<SubjectType, 'all' | 'Statistics'>, RowAnchor> = {
  Grid: { kind: 'catalogue' },
  Department: { kind: 'catalogue' },
  SpecialCategory: { kind: 'catalogue' },
  CaseCategory: { kind: 'catalogue' },
  AssessmentWeights: { kind: 'catalogue' },
  Resident: { kind: 'grid', pathField: 'gridPath' },
  Household: { kind: 'grid', pathField: 'gridPath' },
  Case: { kind: 'grid', pathField: 'gridPath' },
  ChangeEntry: { kind: 'grid', pathField: 'gridPath', pathOnly: true },
  Worker: { kind: 'grid', pathField: 'homeGridPath' },
  ResidentCategory: { kind: 'owned', via: 'resident', owner: 'Resident' },
  Visit: { kind: 'owned', via: 'resident', owner: 'Resident' },
  CaseEvent: { kind: 'owned', via: 'case', owner: 'Case' },
  CaseAttachment: { kind: 'owned', via: 'case', owner: 'Case' },
  VisitAttachment: { kind: 'owned', via: 'visit', owner: 'Visit' },
  GridAssignment: { kind: 'owned', via: 'worker', owner: 'Worker' },
  TrainingRecord: { kind: 'owned', via: 'worker', owner: 'Worker' },
  Assessment: { kind: 'owned', via: 'worker', owner: 'Worker' },
  Mentorship: { kind: 'owned', via: 'mentee', owner: 'Worker' },
  PatrolTrack: { kind: 'owned', via: 'worker', owner: 'Worker' },
  RedBlackList: { kind: 'grid', pathField: 'streetPath' },
  RedBlackEntry: { kind: 'owned', via: 'list', owner: 'RedBlackList' },
  User: { kind: 'own-rules' },
  Delegation: { kind: 'own-rules' },
  EmergencyAccess: { kind: 'own-rules' },
  AccessLog: { kind: 'own-rules' },
  LegalHold: { kind: 'own-rules' },
  // An upload before it is attached: no post reads these rows; only its uploader may attach it.
  Attachment: { kind: 'own-rules' },
  Notification: { kind: 'own-rules' },
  // A resident's correction request: the resident's own, and the staff's of the grid the resident lives in.
  ChangeRequest: { kind: 'own-rules' },
};

export const CATALOGUE = Object.entries(ROW_ANCHORS)
  .filter(([, anchor]) => anchor.kind === 'catalogue')
  .map(([type]) => type as SubjectType);

/** Refuses to start with an entity the policy does not place: what has no rule is not served. */
export function assertEveryEntityAnchored(entityNames: string[]): void {
  const missing = entityNames.filter((name) => !(name in ROW_ANCHORS));
  if (missing.length > 0) throw new Error(`Entities without a row anchor in the policy: ${missing.join(', ')}`);
}

/** Whether a type's grid-subtree scope may be read as its grid's id among the subtree's grid ids. */
export function scopedByGridId(type: SubjectType): boolean {
  const anchor = ROW_ANCHORS[type as keyof typeof ROW_ANCHORS] as RowAnchor | undefined;
  return !(anchor?.kind === 'grid' && anchor.pathOnly);
}
