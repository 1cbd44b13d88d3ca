import type { MiddlewareFn } from 'type-graphql';
import { getNamedType, GraphQLResolveInfo, isListType, isNonNullType } from 'graphql';
import { AccessAction, AccessOutcome } from '../audit/access-log.enums';
import type { AccessRecorder } from '../audit/access-recorder';
import type { Disclosure } from './disclosure';
import type { Policy } from './policy';
import { unauthenticated } from '../common/errors';
import type { SubjectType } from './ability';
import { maskAddress, maskBirthDate, maskIdNumber, maskName, maskPhone, maskRestricted } from './masking';
import type { FieldAccess } from './policy';

/** What the guard needs of a request's context. */
export interface GuardedContext {
  policy: Policy | null;
  audit: AccessRecorder;
  disclosure: Disclosure;
}
import { elevatedName, elevationOf, FieldTier, tierOf } from './tiers';

/** Root fields that answer without a token. */
const PUBLIC_ROOT_FIELDS = new Set(['login', 'health', '__typename', '__schema', '__type']);

/** Reads from T2 up are logged; the log's own entries are logged from T1, so reading the log is audited. */
const AUDIT_FROM: Record<string, FieldTier> = { AccessLog: FieldTier.INTERNAL };

const MASKS: Record<string, (value: never) => unknown> = {
  name: maskName,
  reporterName: maskName,
  phone: maskPhone,
  personalPhone: maskPhone,
  reporterPhone: maskPhone,
  idNumber: maskIdNumber,
  address: maskAddress,
  birthDate: maskBirthDate,
};

/**
 * Applied to every field of the schema: root fields need an authenticated caller; tiered fields are
 * given clear, masked or withheld as the policy decides, and each sensitive read or refusal is noted for
 * the access log. A withheld field is not even resolved.
 */
export const fieldGuard: MiddlewareFn<GuardedContext> = async ({ root, context, info }, next) => {
  const type = info.parentType.name;
  if (type === 'Query' || type === 'Mutation') {
    if (!context.policy && !PUBLIC_ROOT_FIELDS.has(info.fieldName)) throw unauthenticated();
    context.audit.rootField(String(info.path.key), isList(info) ? AccessAction.SEARCH : AccessAction.READ);
    return next();
  }
  const policy = context.policy;
  const tier = tierOf(type, info.fieldName);
  if (!policy || tier === FieldTier.PUBLIC) return next();
  let field = info.fieldName;
  // A field that can only rise is decided at its base tier first: if even that is withheld, nothing runs.
  if (policy.fieldAccess(type as SubjectType, field) === 'HIDDEN') return withhold(context, info, root, field);
  const value: unknown = await next();
  if (elevationOf(type, field)?.when(root as never, value)) field = elevatedName(field);
  const access = policy.fieldAccess(type as SubjectType, field);
  if (access === 'HIDDEN') return withhold(context, info, root, field);
  if (tierOf(type, field) >= (AUDIT_FROM[type] ?? FieldTier.PERSONAL)) record(context, info, root, field, access);
  if (access === 'FULL') return value;
  context.disclosure.mask(pathOf(info));
  return mask(info.fieldName, value);
};

function record(
  context: GuardedContext,
  info: GraphQLResolveInfo,
  root: unknown,
  field: string,
  access: FieldAccess,
): void {
  const type = info.parentType.name;
  const outcome = access === 'FULL' ? AccessOutcome.FULL : AccessOutcome.MASKED;
  context.audit.read(actionOf(context, info), type, rowId(root), field, outcome, () =>
    context.policy!.explainRow(type as SubjectType, root as object),
  );
}

function withhold(context: GuardedContext, info: GraphQLResolveInfo, root: unknown, field: string): null {
  const coordinate = `${info.parentType.name}.${field}`;
  const rule = `${context.policy!.principal.role}:${coordinate}`;
  context.disclosure.hide(coordinate, rule);
  // The row was shown under some grant (a delegation, an emergency access): the refusal is logged under it.
  const { basis } = context.policy!.explainRow(info.parentType.name as SubjectType, root as object);
  context.audit.denied(actionOf(context, info), info.parentType.name, rowId(root), field, { basis, rule });
  return null;
}

function actionOf(context: GuardedContext, info: GraphQLResolveInfo): AccessAction {
  let path = info.path;
  while (path.prev) path = path.prev;
  return context.audit.actionOf(String(path.key));
}

function isList(info: GraphQLResolveInfo): boolean {
  const type = isNonNullType(info.returnType) ? info.returnType.ofType : info.returnType;
  return isListType(type) || getNamedType(type).name.endsWith('Connection');
}

function rowId(root: unknown): number | null {
  const id = (root as { id?: unknown } | null)?.id;
  return typeof id === 'number' ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : null;
}

function mask(field: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const masker = MASKS[field];
  if (masker) return masker(value as never);
  return typeof value === 'string' ? maskRestricted(value) : null;
}

function pathOf(info: GraphQLResolveInfo): string {
  const parts: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) parts.unshift(p.key);
  return parts.join('.');
}
