import type { MiddlewareFn } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../server/context';
import { unauthenticated } from '../server/errors';
import type { SubjectType } from './ability';
import { maskAddress, maskBirthDate, maskIdNumber, maskName, maskPhone, maskRestricted } from './masking';
import { elevatedName, elevationOf, FieldTier, tierOf } from './tiers';

/** Root fields that answer without a token. */
const PUBLIC_ROOT_FIELDS = new Set(['login', 'health', '__typename', '__schema', '__type']);

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
 * given clear, masked or withheld as the policy decides. A withheld field is not even resolved.
 */
export const fieldGuard: MiddlewareFn<RequestContext> = async ({ root, context, info }, next) => {
  const type = info.parentType.name;
  if (type === 'Query' || type === 'Mutation') {
    if (!context.policy && !PUBLIC_ROOT_FIELDS.has(info.fieldName)) throw unauthenticated();
    return next();
  }
  const policy = context.policy;
  if (!policy || tierOf(type, info.fieldName) === FieldTier.PUBLIC) return next();
  const elevation = elevationOf(type, info.fieldName);
  // A field that can only rise is decided at its base tier first: if even that is withheld, nothing runs.
  let field = info.fieldName;
  if (policy.fieldAccess(type as SubjectType, field) === 'HIDDEN') return withhold(context, type, field);
  const value: unknown = await next();
  if (elevation?.when(root as never, value)) field = elevatedName(field);
  const access = policy.fieldAccess(type as SubjectType, field);
  if (access === 'FULL') return value;
  if (access === 'HIDDEN') return withhold(context, type, field);
  context.disclosure.mask(pathOf(info));
  return mask(info.fieldName, value);
};

function withhold(context: RequestContext, type: string, field: string): null {
  const coordinate = `${type}.${field}`;
  context.disclosure.hide(coordinate, `${context.policy!.principal.role}:${coordinate}`);
  return null;
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
