import { registerEnumType } from 'type-graphql';

/** Sensitivity of a field (SPEC §3): what a post may see is decided per tier. */
export enum FieldTier {
  PUBLIC = 0,
  INTERNAL = 1,
  PERSONAL = 2,
  SENSITIVE = 3,
  RESTRICTED = 4,
}

export enum SecurityLabel {
  SENSITIVE = 'SENSITIVE',
  RESTRICTED = 'RESTRICTED',
}
registerEnumType(SecurityLabel, { name: 'SecurityLabel', description: 'Tier of a special-category membership.' });

export function labelTier(label: SecurityLabel): FieldTier {
  return label === SecurityLabel.RESTRICTED ? FieldTier.RESTRICTED : FieldTier.SENSITIVE;
}

const tiers = new Map<string, Map<string, FieldTier>>();

/** Notes the tier of an entity field where the field is declared, so the catalogue cannot drift from the model. */
export function Tier(tier: FieldTier): PropertyDecorator {
  return (target, property) => {
    const typeName = target.constructor.name;
    const fields = tiers.get(typeName) ?? new Map<string, FieldTier>();
    fields.set(String(property), tier);
    tiers.set(typeName, fields);
  };
}

/** Fields without a noted tier are public (T0): grid names, catalogue entries, ids. */
export function tierOf(typeName: string, field: string): FieldTier {
  return tiers.get(typeName)?.get(field) ?? FieldTier.PUBLIC;
}

export function tieredFields(typeName: string): ReadonlyMap<string, FieldTier> {
  return tiers.get(typeName) ?? new Map();
}
