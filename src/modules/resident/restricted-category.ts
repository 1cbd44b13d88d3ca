import { FieldTier, type Elevation } from '../../common/tiers';

/**
 * Whether a row's category is labelled RESTRICTED, read with the row in the same statement, so that every
 * fact about a restricted membership (the category, its dates, a visit made for it) rises to T4 wherever
 * it appears.
 */
export const restrictedCategorySql = (table: { alias: string }) =>
  `(select sc.security_label = 'RESTRICTED' from special_category sc where sc.id = ${table.alias}.category_id)`;

/** The rise to T4 of anything said about a membership in a restricted category. */
export const restrictedCategoryElevation: Elevation = {
  tier: FieldTier.RESTRICTED,
  when: (row: { categoryRestricted?: boolean | null }) => row.categoryRestricted === true,
  reason: 'for a category labelled RESTRICTED',
};
