import { GraphQLObjectType, GraphQLSchema, isNonNullType, isObjectType } from 'graphql';
import { FieldTier, TIER_EXTENSION, TIER_NAMES, TierDeclaration } from '../common/tiers';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * The tier from which a read of a type's fields is logged: T2 (personal data) and up, and the log's own
 * entries from T1, so that reviewing the log is itself reviewable.
 */
export function auditedFrom(type: string): FieldTier {
  return type === 'AccessLog' ? FieldTier.INTERNAL : FieldTier.PERSONAL;
}

const MASKED_AS: Record<string, string> = {
  name: 'surname kept, e.g. 张**',
  phone: 'e.g. 138****5678',
  idNumber: 'first 3 and last 4 kept',
  address: 'kept down to the community, the rest starred',
  birthDate: 'year only',
  restricted: '"[restricted]"',
};

function ownDeclaration(extensions: Readonly<Record<string, unknown>> | null | undefined) {
  return extensions?.[TIER_EXTENSION] as TierDeclaration | undefined;
}

/**
 * The field's declared tier, or else its type's (catalogues, structural types such as connections and
 * statistics declare one tier for all their fields); undefined when neither declares one.
 */
export function declarationOf(type: GraphQLObjectType, fieldName: string): TierDeclaration | undefined {
  const field = type.getFields()[fieldName];
  return ownDeclaration(field?.extensions) ?? ownDeclaration(type.extensions);
}

/** Object types the policy guards: everything but the root operation types and introspection. */
export function guardedTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  return Object.values(schema.getTypeMap()).filter(
    (type): type is GraphQLObjectType =>
      isObjectType(type) && !type.name.startsWith('__') && !ROOT_TYPES.has(type.name),
  );
}

/**
 * Default deny for fields: a schema in which any field has no tier is refused, so the service does not
 * start with a field nobody classified.
 */
export function assertEveryFieldTiered(schema: GraphQLSchema): void {
  const missing: string[] = [];
  const notNullable: string[] = [];
  for (const type of guardedTypes(schema)) {
    for (const [name, field] of Object.entries(type.getFields())) {
      const declaration = declarationOf(type, name);
      if (!declaration) missing.push(`${type.name}.${name}`);
      // A field some post may be refused comes back as null: the schema must allow it.
      else if (canBeWithheld(declaration) && isNonNullType(field.type)) notNullable.push(`${type.name}.${name}`);
    }
  }
  if (missing.length > 0) {
    throw new Error(`Fields without a declared tier are not served; declare @Tier on: ${missing.join(', ')}`);
  }
  if (notNullable.length > 0) {
    throw new Error(`Tiered fields must be nullable, since they may be withheld: ${notNullable.join(', ')}`);
  }
}

const canBeWithheld = (declaration: TierDeclaration) => declaration.tier > FieldTier.PUBLIC || !!declaration.elevation;

/** How a tiered field may come back, in words, from its declaration: appended to its schema description. */
export function tierSentence(declaration: TierDeclaration): string {
  if (declaration.tier === FieldTier.PUBLIC && !declaration.elevation) return '';
  const masked = MASKED_AS[declaration.mask ?? 'restricted'];
  const rise = declaration.elevation
    ? ` Rises to ${TIER_NAMES[declaration.elevation.tier]} ${declaration.elevation.reason}.`
    : '';
  return (
    `Tier: ${TIER_NAMES[declaration.tier]}.${rise} Comes back in clear, masked (${masked}) or withheld ` +
    `(null, with one FORBIDDEN error per field), as the caller's post allows.`
  );
}

/** Writes every guarded field's tier sentence into its description, so the SDL cannot drift from the code. */
export function describeTiers(schema: GraphQLSchema): void {
  for (const type of guardedTypes(schema)) {
    for (const [name, field] of Object.entries(type.getFields())) {
      const declaration = declarationOf(type, name);
      if (!declaration) continue;
      const sentence = tierSentence(declaration);
      if (!sentence || field.description?.includes(sentence)) continue;
      field.description = field.description ? `${field.description}\n\n${sentence}` : sentence;
    }
  }
}

let tiersInForce: GraphQLSchema | undefined;

/** The schema whose declarations the policy consults outside the field guard (filters, orderings). */
export function useSchemaTiers(schema: GraphQLSchema): void {
  tiersInForce = schema;
}

/** A field's declaration by type and field name, for checks made before any field resolves. */
export function declarationByName(typeName: string, field: string): TierDeclaration {
  const type = tiersInForce?.getType(typeName);
  const declaration = type && isObjectType(type) ? declarationOf(type, field) : undefined;
  if (!declaration) throw new Error(`${typeName}.${field} has no declared tier`);
  return declaration;
}
