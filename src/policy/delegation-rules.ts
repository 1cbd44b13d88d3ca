import { underGrid, underOwner } from './conditions';
import type { Grants } from './grants';
import { elevatedName } from '../common/tiers';

/** Resident fields a delegation may list (all at most T3); anything else in its list is ignored. */
export const DELEGABLE = [
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

/** What a delegated membership shows: the category, its dates and its resident; T4 forms only with the explicit flag. */
const MEMBERSHIP_FIELDS = ['category', 'since', 'lastVisitOn', 'endedOn', 'endReason', 'resident'];

/**
 * A partner department sees residents only through the delegation its request's purpose names (contract §6):
 * the delegated subtree and categories, exactly the delegated fields, T4 only with the explicit flag.
 * Memberships and households are the delegated residents' own, never wider.
 */
export function grantDelegation(g: Grants): void {
  const d = g.p.delegation;
  if (!d) {
    const code = g.p.purpose ? 'FORBIDDEN' : 'PURPOSE_REQUIRED';
    g.refuse(['Resident', 'ResidentCategory', 'Household', 'Visit'], code, 'DEPARTMENT_OFFICER.delegation');
    return;
  }
  const reason = `DELEGATION:${d.id}|delegation.${d.purposeCode}`;
  const codes = { $in: d.categoryCodes };
  const inCategories = d.categoryCodes.length > 0 ? { 'category.code': codes } : {};
  const residents = {
    gridPath: underGrid(d.gridPath),
    ...(d.categoryCodes.length > 0 ? { categories: { $some: { category: { code: codes } } } } : {}),
  };
  const fields = d.fields.filter((field) => DELEGABLE.includes(field));
  g.rows('Resident', residents, reason);
  g.fields('read', 'Resident', fields, residents, reason);
  if (fields.includes('categories')) {
    const memberships = {
      ...underOwner('resident', residents),
      ...inCategories,
      ...(d.includesRestricted ? {} : g.belowRestricted()),
    };
    const restricted = d.includesRestricted ? [...MEMBERSHIP_FIELDS.map(elevatedName), 'details'] : [];
    g.rows('ResidentCategory', memberships, reason);
    g.fields('read', 'ResidentCategory', [...MEMBERSHIP_FIELDS, ...restricted], memberships, reason);
  }
  if (fields.includes('household')) {
    const households = { gridPath: underGrid(d.gridPath), residents: { $some: residents } };
    g.rows('Household', households, reason);
    g.fields('read', 'Household', ['code', 'address'], households, reason);
  }
}
