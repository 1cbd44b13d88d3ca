import type { MiddlewareFn } from 'type-graphql';
import { getNamedType, GraphQLObjectType, GraphQLResolveInfo, isListType, isNonNullType } from 'graphql';
import { AccessAction, AccessOutcome } from '../audit/access-log.enums';
import type { AccessRecorder } from '../audit/access-recorder';
import { unauthenticated } from '../common/errors';
import type { SubjectType } from './ability';
import type { Disclosure } from './disclosure';
import { maskValue } from './masking';
import type { FieldAccess, Policy } from './policy';
import { auditedFrom, declarationOf } from './schema-tiers';
import { elevatedName, FieldTier, TierDeclaration } from '../common/tiers';

/** What the guard needs of a request's context. */
export interface GuardedContext {
  /** The caller's policy; for a request without a token every use of it is refused as UNAUTHENTICATED. */
  policy: Policy;
  authenticated: boolean;
  audit: AccessRecorder;
  disclosure: Disclosure;
}

/** Root fields that answer without a token. */
const PUBLIC_ROOT_FIELDS = new Set(['login', 'health', '__typename', '__schema', '__type']);

const declarations = new WeakMap<GraphQLObjectType, Map<string, TierDeclaration | null>>();

/** A field's declaration, looked up once per schema field. A field without one is never served. */
function declared(type: GraphQLObjectType, field: string): TierDeclaration | null {
  let fields = declarations.get(type);
  if (!fields) declarations.set(type, (fields = new Map()));
  let declaration = fields.get(field);
  if (declaration === undefined) fields.set(field, (declaration = declarationOf(type, field) ?? null));
  return declaration;
}

/**
 * Applied to every field of the schema: root fields need an authenticated caller; every other field is given
 * clear, masked or withheld as its declared tier and the policy decide, and each sensitive read or refusal is
 * noted for the access log. A withheld field is not even resolved.
 */
export const fieldGuard: MiddlewareFn<GuardedContext> = async ({ root, context, info }, next) => {
  const type = info.parentType.name;
  if (type === 'Query' || type === 'Mutation' || type === 'Subscription') {
    if (!context.authenticated && !PUBLIC_ROOT_FIELDS.has(info.fieldName)) throw unauthenticated();
    context.audit.rootField(String(info.path.key), isList(info) ? AccessAction.SEARCH : AccessAction.READ);
    return next();
  }
  if (info.fieldName === '__typename') return next();
  const declaration = declared(info.parentType, info.fieldName);
  if (!declaration) return withhold(context, info, root, info.fieldName);
  if (declaration.tier === FieldTier.PUBLIC && !declaration.elevation) return next();
  const { policy } = context;
  const subject = type as SubjectType;
  // A field that can only rise is decided at its base tier first: if even that is withheld, nothing runs.
  if (policy.fieldAccess(subject, info.fieldName, declaration.tier) === 'HIDDEN') {
    return withhold(context, info, root, info.fieldName);
  }
  const value: unknown = await next();
  const elevated = declaration.elevation?.when(root as never, value) === true;
  const tier = elevated ? declaration.elevation!.tier : declaration.tier;
  const field = elevated ? elevatedName(info.fieldName) : info.fieldName;
  const access = policy.fieldAccess(subject, field, tier);
  if (access === 'HIDDEN') return withhold(context, info, root, field);
  if (tier >= auditedFrom(type)) record(context, info, root, field, access);
  if (access === 'FULL') return value;
  context.disclosure.mask(pathOf(info));
  return maskValue(declaration.mask, value);
};

function record(context: GuardedContext, info: GraphQLResolveInfo, root: unknown, field: string, access: FieldAccess) {
  const type = info.parentType.name;
  const outcome = access === 'FULL' ? AccessOutcome.FULL : AccessOutcome.MASKED;
  context.audit.read(actionOf(context, info), type, rowId(root), field, outcome, () =>
    context.policy.explainRow(type as SubjectType, root as object),
  );
}

function withhold(context: GuardedContext, info: GraphQLResolveInfo, root: unknown, field: string): null {
  const coordinate = `${info.parentType.name}.${field}`;
  const rule = `${context.policy.principal.role}.${coordinate}`;
  context.disclosure.hide(coordinate, rule);
  // The row was shown under some grant (a delegation, an emergency access): the refusal is logged under it.
  const { basis } = context.policy.explainRow(info.parentType.name as SubjectType, root as object);
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

function pathOf(info: GraphQLResolveInfo): string {
  const parts: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) parts.unshift(p.key);
  return parts.join('.');
}
