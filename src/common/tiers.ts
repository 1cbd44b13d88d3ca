import { Extensions, registerEnumType } from 'type-graphql';

/** Sensitivity of a field (contract §3): what a post may see is decided per tier. */
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
registerEnumType(SecurityLabel, {
  name: 'SecurityLabel',
  description: 'Tier of a special-category membership: SENSITIVE is T3, RESTRICTED is T4.',
  valuesConfig: {
    SENSITIVE: { description: 'Membership is sensitive (T3), e.g. elderly living alone.' },
    RESTRICTED: { description: 'Membership is restricted (T4), e.g. severe mental disorder, community correction.' },
  },
});

/** The masked forms of contract §5; a field declares which one it takes. */
export type MaskForm = 'name' | 'phone' | 'idNumber' | 'address' | 'birthDate' | 'restricted';

/**
 * A field whose tier rises for some rows: a dispute's description is sensitive, anything about membership in
 * a restricted category is restricted. `when` sees the row and, for relations, the resolved value.
 */
export interface Elevation {
  tier: FieldTier;
  when: (row: never, value: unknown) => boolean;
  /** Said in the schema description, e.g. "for a RESTRICTED category". */
  reason: string;
}

/** What a field declares about itself: its tier, its masked form and a rise for some rows. */
export interface TierDeclaration {
  tier: FieldTier;
  /** The masked form; without one a masked string reads "[restricted]" and anything else is withheld. */
  mask?: MaskForm;
  elevation?: Elevation;
}

/** The key under which a field's declaration sits in its GraphQL field's `extensions`. */
export const TIER_EXTENSION = 'tier';

/** The name under which the elevated form of a field is granted, e.g. "description#elevated". */
export const elevatedName = (field: string) => `${field}#elevated`;

/** The name under which a whole tier of a type is granted, e.g. "T3". */
export const tierGrant = (tier: FieldTier) => `T${tier}`;

/**
 * Declares a field's tier on the schema field itself (entity property or field resolver), so the field guard
 * reads it from the field it guards. A field without a declaration is refused when the schema is built.
 */
export function Tier(
  tier: FieldTier,
  options: Omit<TierDeclaration, 'tier'> = {},
): PropertyDecorator & MethodDecorator {
  const declaration: TierDeclaration = { tier, ...options };
  return Extensions({ [TIER_EXTENSION]: declaration }) as PropertyDecorator & MethodDecorator;
}

/**
 * For structural types (connections, edges, page info, statistics, results): every field of the type that
 * declares nothing of its own has this tier. Node types (people, cases, records) must declare each field.
 */
export function TypeTier(tier: FieldTier): ClassDecorator {
  return Extensions({ [TIER_EXTENSION]: { tier } satisfies TierDeclaration }) as ClassDecorator;
}

export const TIER_NAMES: Record<FieldTier, string> = {
  [FieldTier.PUBLIC]: 'T0 public',
  [FieldTier.INTERNAL]: 'T1 internal',
  [FieldTier.PERSONAL]: 'T2 personal',
  [FieldTier.SENSITIVE]: 'T3 sensitive',
  [FieldTier.RESTRICTED]: 'T4 restricted',
};
