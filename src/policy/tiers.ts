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
const elevations = new Map<string, Elevation>();

/**
 * A field whose tier rises for some rows: a dispute's description is sensitive, membership in a restricted
 * category is restricted. `when` sees the row and, for relations, the resolved value.
 */
export interface Elevation {
  tier: FieldTier;
  when: (row: never, value: unknown) => boolean;
}

/** The name under which the elevated form of a field is granted, e.g. "description#elevated". */
export const elevatedName = (field: string) => `${field}#elevated`;

/** Notes the tier of an entity field where the field is declared, so the catalogue cannot drift from the model. */
export function Tier(tier: FieldTier, elevation?: Elevation): PropertyDecorator {
  return (target, property) => {
    const typeName = target.constructor.name;
    const fields = tiers.get(typeName) ?? new Map<string, FieldTier>();
    fields.set(String(property), tier);
    if (elevation) {
      fields.set(elevatedName(String(property)), elevation.tier);
      elevations.set(`${typeName}.${String(property)}`, elevation);
    }
    tiers.set(typeName, fields);
  };
}

/** Notes the tier of a field that only a resolver provides (no entity property to decorate). */
export function registerTier(typeName: string, field: string, tier: FieldTier): void {
  const fields = tiers.get(typeName) ?? new Map<string, FieldTier>();
  fields.set(field, tier);
  tiers.set(typeName, fields);
}

export function elevationOf(typeName: string, field: string): Elevation | undefined {
  return elevations.get(`${typeName}.${field}`);
}

/** Fields without a noted tier are public (T0): grid names, catalogue entries, ids. */
export function tierOf(typeName: string, field: string): FieldTier {
  return tiers.get(typeName)?.get(field) ?? FieldTier.PUBLIC;
}

export function tieredFields(typeName: string): ReadonlyMap<string, FieldTier> {
  return tiers.get(typeName) ?? new Map();
}
