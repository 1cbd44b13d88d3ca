import { defaultFieldResolver, GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema, isObjectType } from 'graphql';
import { AccessAction, AccessOutcome } from '../audit/access-log.enums';
import type { AccessRecorder, Explanation } from '../audit/access-recorder';
import type { SubjectType } from './ability';
import type { Disclosure } from './disclosure';
import { maskValue } from './masking';
import type { FieldAccess, Policy } from './policy';
import { auditedFrom, declarationOf } from './schema-tiers';
import { FieldTier, TierDeclaration } from '../common/tiers';

/**
 * Marks an object whose fields were decided, masked and recorded when its page was compiled: its fields are
 * served as they stand, without the field guard (it has done its work already, once per field and type).
 */
export const DECIDED = Symbol('decided by a compiled read');

export type Decided<T extends object> = T & { [DECIDED]: true };

export function decided<T extends object>(value: T): Decided<T> {
  return Object.assign(value, { [DECIDED]: true as const });
}

const servingSchemas = new WeakSet<GraphQLSchema>();

/**
 * Every object field of the schema first asks whether its parent was decided by a compiled read: then it
 * answers with the value already there, synchronously. Any other parent goes through the field's own
 * resolver and the field guard, as before.
 */
export function serveDecidedObjects(schema: GraphQLSchema): void {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || roots.has(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (root, args, context, info) =>
        root !== null && typeof root === 'object' && DECIDED in root
          ? (root as Record<string, unknown>)[info.fieldName]
          : resolve(root, args, context, info);
    }
  }
  servingSchemas.add(schema);
}

/** Whether a compiled read may answer in this schema (one built without the wrap never gets decided objects). */
export function servesDecidedObjects(info: GraphQLResolveInfo): boolean {
  return servingSchemas.has(info.schema);
}

/** One field of a type as the policy decides it for this request: once per type, not per row. */
export interface FieldDecision {
  field: string;
  declaration: TierDeclaration;
  access: FieldAccess;
  /** Logged as a read when given (from the type's audited tier up, as the field guard logs it). */
  audited: boolean;
}

/**
 * The fields of one type the way the field guard would decide them; null when one of them needs the field
 * guard itself (no declaration, or a tier that rises with the row's value): the compiled read then steps
 * aside.
 */
export function decideFields(
  policy: Policy,
  type: GraphQLObjectType,
  fields: Iterable<string>,
): Map<string, FieldDecision> | null {
  const decisions = new Map<string, FieldDecision>();
  const loggedFrom = auditedFrom(type.name);
  for (const field of fields) {
    const declaration = declarationOf(type, field);
    if (!declaration || declaration.elevation) return null;
    const access =
      declaration.tier === FieldTier.PUBLIC
        ? 'FULL'
        : policy.fieldAccess(type.name as SubjectType, field, declaration.tier);
    decisions.set(field, { field, declaration, access, audited: declaration.tier >= loggedFrom });
  }
  return decisions;
}

/** What recording one row's fields needs: the request's recorder and disclosure, the list's action. */
export interface RowRecording {
  audit: AccessRecorder;
  disclosure: Disclosure;
  policy: Policy;
  action: AccessAction;
  /** The basis and rule every row of this read is shown under. */
  explanation: Explanation;
}

/**
 * One row's decided fields, as the field guard leaves them: a withheld field null and refused (logged as
 * DENIED, one FORBIDDEN per field in the response), a masked one in its declared form, and every read from
 * T2 up noted for the access log. `paths` are where the row's fields appear in the response, for the masks.
 */
export function decideRow(
  typeName: string,
  id: number,
  row: Record<string, unknown>,
  decisions: Map<string, FieldDecision>,
  recording: RowRecording,
  paths: (field: string) => string[],
): void {
  const { audit, disclosure, policy, action, explanation } = recording;
  const reads = auditedReads(decisions);
  if (reads.full.length > 0) audit.readFields(action, typeName, id, reads.full, AccessOutcome.FULL, explanation);
  if (reads.masked.length > 0) audit.readFields(action, typeName, id, reads.masked, AccessOutcome.MASKED, explanation);
  for (const decision of decisions.values()) {
    const { field, access } = decision;
    if (access === 'HIDDEN') {
      const rule = `${policy.principal.role}.${typeName}.${field}`;
      disclosure.hide(`${typeName}.${field}`, rule);
      audit.denied(action, typeName, id, field, { basis: explanation.basis, rule });
      row[field] = null;
    } else if (access === 'MASKED') {
      for (const path of paths(field)) disclosure.mask(path);
      row[field] = maskValue(decision.declaration.mask, row[field]);
    }
  }
}

/** The fields read from T2 up, in clear and masked: the same for every row of a type in the request. */
const auditedReadsOf = new WeakMap<Map<string, FieldDecision>, { full: string[]; masked: string[] }>();

function auditedReads(decisions: Map<string, FieldDecision>): { full: string[]; masked: string[] } {
  let reads = auditedReadsOf.get(decisions);
  if (!reads) {
    const audited = [...decisions.values()].filter((decision) => decision.audited && decision.access !== 'HIDDEN');
    reads = {
      full: audited.filter((decision) => decision.access === 'FULL').map((decision) => decision.field),
      masked: audited.filter((decision) => decision.access === 'MASKED').map((decision) => decision.field),
    };
    auditedReadsOf.set(decisions, reads);
  }
  return reads;
}
