import { underGrid } from './conditions';
import type { Grants } from './rules';
import { elevatedName, FieldTier, tierOf } from './tiers';

/** Resident fields a delegation may list; anything else in its list is ignored. */
const DELEGABLE = [
  'name',
  'gender',
  'birthDate',
  'phone',
  'idNumber',
  'address',
  'residenceType',
  'grid',
  'household',
  'categories',
];

/**
 * A partner department sees residents only through the delegation its request's purpose names (SPEC §6):
 * the delegated subtree and categories, exactly the delegated fields, T4 only with the explicit flag.
 */
export function grantDelegation(g: Grants): void {
  const d = g.p.delegation;
  if (!d) {
    const code = g.p.purpose ? 'FORBIDDEN' : 'PURPOSE_REQUIRED';
    g.refuse(['Resident', 'ResidentCategory', 'Household'], code, 'DEPARTMENT_OFFICER.delegation');
    return;
  }
  const reason = `DELEGATION:${d.id}|delegation.${d.purposeCode}`;
  const ceiling = d.includesRestricted ? FieldTier.RESTRICTED : FieldTier.SENSITIVE;
  const inCategories = d.categoryCodes.length > 0 ? { category: { code: { $in: d.categoryCodes } } } : {};
  const rows = {
    gridPath: underGrid(d.gridPath),
    ...(d.categoryCodes.length > 0 ? { categories: { $some: inCategories } } : {}),
  };
  const fields = d.fields.filter((field) => DELEGABLE.includes(field) && tierOf('Resident', field) <= ceiling);
  g.b.can('view', 'Resident', rows).because(reason);
  if (fields.length > 0) g.b.can('read', 'Resident', fields, rows).because(reason);
  if (fields.includes('categories')) {
    const membershipFields = [
      'category',
      'since',
      'lastVisitOn',
      ...(d.includesRestricted ? [elevatedName('category'), 'details'] : []),
    ];
    g.b.can('view', 'ResidentCategory', inCategories).because(reason);
    g.b.can('read', 'ResidentCategory', membershipFields, inCategories).because(reason);
  }
  if (fields.includes('household')) {
    g.b.can('view', 'Household', { gridPath: underGrid(d.gridPath) }).because(reason);
    g.b.can('read', 'Household', ['code', 'address'], { gridPath: underGrid(d.gridPath) }).because(reason);
  }
}
