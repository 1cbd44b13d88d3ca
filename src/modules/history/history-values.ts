import type { GraphQLResolveInfo } from 'graphql';
import { AccessOutcome } from '../../audit/access-log.enums';
import type { SubjectType } from '../../policy/ability';
import { maskValue } from '../../policy/masking';
import type { FieldAccess } from '../../policy/policy';
import { declarationByName } from '../../policy/schema-tiers';
import { elevatedName, FieldTier, TierDeclaration } from '../../common/tiers';
import type { RequestContext } from '../request-context';
import type { ChangeEntry, StoredFieldChange } from './change-entry.entity';
import { FieldChange, ValueAccess } from './history.types';

/** A field with no declaration in the schema is treated as the highest tier: nothing is shown by accident. */
const UNDECLARED: TierDeclaration = { tier: FieldTier.RESTRICTED };

function declarationFor(type: string, field: string): TierDeclaration {
  try {
    return declarationByName(type, field);
  } catch {
    return UNDECLARED;
  }
}

/**
 * The values of one entry at the caller's tiers: each decided by the rules of the live field it was taken
 * from (Resident.phone, ResidentCategory.details, …), masked in the live field's form, or withheld with the
 * live field's FORBIDDEN; each value from T2 up is logged as a read of that entity's field.
 */
export function valuesAtCallerTiers(ctx: RequestContext, entry: ChangeEntry, info: GraphQLResolveInfo): FieldChange[] {
  return entry.changes.map((change) => valueAtCallerTier(ctx, entry, change, info));
}

function valueAtCallerTier(
  ctx: RequestContext,
  entry: ChangeEntry,
  change: StoredFieldChange,
  info: GraphQLResolveInfo,
): FieldChange {
  const declaration = declarationFor(entry.entityType, change.field);
  const elevated = entry.restricted && declaration.elevation !== undefined;
  const tier = elevated ? declaration.elevation!.tier : declaration.tier;
  const field = elevated ? elevatedName(change.field) : change.field;
  const access = ctx.policy.fieldAccess(entry.entityType as SubjectType, field, tier);
  note(ctx, entry, field, tier, access, info);
  const shown = (value: unknown) =>
    access === 'FULL' ? value : access === 'MASKED' ? maskValue(declaration.mask, value) : null;
  return Object.assign(new FieldChange(), {
    field: change.field,
    old: shown(change.old),
    new: shown(change.new),
    access: access === 'HIDDEN' ? ValueAccess.WITHHELD : (access as ValueAccess),
  });
}

function note(
  ctx: RequestContext,
  entry: ChangeEntry,
  field: string,
  tier: FieldTier,
  access: FieldAccess,
  info: GraphQLResolveInfo,
): void {
  const action = ctx.audit.actionOf(String(rootKey(info)));
  const explain = () => ctx.policy.explainRow('ChangeEntry', entry);
  if (access === 'HIDDEN') {
    const coordinate = `${entry.entityType}.${field}`;
    const rule = `${ctx.policy.principal.role}.${coordinate}`;
    ctx.disclosure.hide(coordinate, rule);
    ctx.audit.denied(action, entry.entityType, entry.entityId, field, { basis: explain().basis, rule });
    return;
  }
  if (tier < FieldTier.PERSONAL) return;
  const outcome = access === 'FULL' ? AccessOutcome.FULL : AccessOutcome.MASKED;
  ctx.audit.read(action, entry.entityType, entry.entityId, field, outcome, explain);
  if (access === 'MASKED') ctx.disclosure.mask(`${pathOf(info)}.${field}`);
}

function rootKey(info: GraphQLResolveInfo): string | number {
  let path = info.path;
  while (path.prev) path = path.prev;
  return path.key;
}

function pathOf(info: GraphQLResolveInfo): string {
  const parts: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) parts.unshift(p.key);
  return parts.join('.');
}
