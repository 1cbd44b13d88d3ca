import { AbilityBuilder, createMongoAbility, MongoAbility } from '@casl/ability';
import { conditionsMatcher } from './conditions';
import { FieldTier, tierGrant } from '../common/tiers';

/**
 * view: the row exists for the caller (decides lists, by-id fetches and nested relations, in SQL);
 * read: a field is given in clear; readMasked: a field is given in its masked form.
 * The other actions are the domain's commands.
 */
export type Action =
  | 'view'
  | 'read'
  | 'readMasked'
  | 'create'
  | 'update'
  | 'manage'
  | 'report'
  | 'handle'
  | 'assign'
  | 'escalate'
  | 'dispatch'
  | 'supervise'
  | 'verify'
  | 'review'
  | 'aggregateExact'
  | 'move'
  | 'moveOut'
  | 'requestChange'
  | 'confirmChange';

export type SubjectType =
  | 'Grid'
  | 'Department'
  | 'SpecialCategory'
  | 'Household'
  | 'Resident'
  | 'ResidentCategory'
  | 'Worker'
  | 'GridAssignment'
  | 'TrainingRecord'
  | 'Mentorship'
  | 'Assessment'
  | 'AssessmentWeights'
  | 'RedBlackList'
  | 'RedBlackEntry'
  | 'Visit'
  | 'PatrolTrack'
  | 'User'
  | 'CaseCategory'
  | 'Case'
  | 'CaseEvent'
  | 'CaseAttachment'
  | 'VisitAttachment'
  | 'Attachment'
  | 'Notification'
  | 'Delegation'
  | 'EmergencyAccess'
  | 'AccessLog'
  | 'LegalHold'
  | 'ChangeEntry'
  | 'ChangeRequest'
  | 'Statistics'
  | 'all';

export type AppAbility = MongoAbility<[Action, SubjectType | object]>;
export type Conditions = Record<string, unknown>;
export type AppBuilder = AbilityBuilder<AppAbility>;

export function newBuilder(): AppBuilder {
  return new AbilityBuilder<AppAbility>(createMongoAbility);
}

export function buildAbility(builder: AppBuilder): AppAbility {
  return builder.build({ conditionsMatcher });
}

/**
 * Every rule carries a reason "BASIS|rule": the basis a read is logged under (ROLE_SCOPE, SELF,
 * DELEGATION:<id>, EMERGENCY:<id>) and the name of the rule, so each decision can be explained.
 */
export function reasonOf(basis: string, rule: string): string {
  return `${basis}|${rule}`;
}

export function parseReason(reason: string | undefined): { basis: string; rule: string } {
  const [basis, rule] = (reason ?? 'ROLE_SCOPE|unnamed').split('|');
  return { basis, rule: rule ?? basis };
}

/** The tier grants from one tier up to another, e.g. T1…T3. */
export function tiersBetween(lowest: FieldTier, highest: FieldTier): string[] {
  const grants: string[] = [];
  for (let tier = lowest; tier <= highest; tier++) grants.push(tierGrant(tier));
  return grants;
}

/**
 * Grants rows of a type with their fields by tier: clear up to `fullUpTo`, masked from there up to
 * `maskedUpTo`. Fields above both stay hidden. Fields are granted as tiers ("T2"), so a field is decided by
 * the tier it declares on the schema, wherever it is.
 */
export function grantTiers(
  builder: AppBuilder,
  type: SubjectType,
  tiers: { fullUpTo: FieldTier; maskedUpTo?: FieldTier },
  conditions: Conditions | undefined,
  reason: string,
): void {
  builder.can('view', type, conditions).because(reason);
  const full = tiersBetween(FieldTier.INTERNAL, tiers.fullUpTo);
  if (full.length > 0) builder.can('read', type, full, conditions).because(reason);
  const masked = tiersBetween(tiers.fullUpTo + 1, tiers.maskedUpTo ?? tiers.fullUpTo);
  if (masked.length > 0) builder.can('readMasked', type, masked, conditions).because(reason);
}
