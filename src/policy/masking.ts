import type { MaskForm } from '../common/tiers';

/**
 * Server-side masked forms (contract §5, after GB/T 35273 display restrictions). Each function takes the clear
 * value and returns what a post with masked rights may see; empty values stay empty.
 */

/** Two-character surnames that must be kept whole: 欧阳** rather than 欧**. */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '万俟',
  '闻人',
  '呼延',
  '澹台',
  '公冶',
  '宗政',
  '濮阳',
  '太叔',
  '申屠',
  '钟离',
  '赫连',
]);

export function maskName(name: string | null | undefined): string | null {
  if (!name) return name ?? null;
  const chars = [...name];
  const surnameLength = chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.slice(0, surnameLength).join('') + '*'.repeat(Math.max(chars.length - surnameLength, 1));
}

/** 13812345678 → 138****5678; short numbers keep less so that at least half is hidden. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  if (phone.length >= 11) return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
  if (phone.length <= 4) return '*'.repeat(phone.length);
  const kept = Math.floor(phone.length / 4);
  return phone.slice(0, kept) + '*'.repeat(phone.length - 2 * kept) + phone.slice(-kept);
}

/** First 3 and last 4 kept, for 18-digit and legacy 15-digit numbers alike. */
export function maskIdNumber(idNumber: string | null | undefined): string | null {
  if (!idNumber) return idNumber ?? null;
  if (idNumber.length <= 7) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 3) + '*'.repeat(idNumber.length - 7) + idNumber.slice(-4);
}

/** Kept down to the community or village (社区/村/居委会), the rest starred. */
export function maskAddress(address: string | null | undefined): string | null {
  if (!address) return address ?? null;
  const match = /^(.*?(?:社区|居委会|村委会|村|小区))/.exec(address);
  const kept = match ? match[1] : [...address].slice(0, 6).join('');
  return `${kept}****`;
}

/** Year only: 1956-03-07 → 1956. */
export function maskBirthDate(birthDate: string | null | undefined): string | null {
  if (!birthDate) return birthDate ?? null;
  return birthDate.slice(0, 4);
}

export const RESTRICTED_TEXT = '[restricted]';

export function maskRestricted(value: unknown): string | null {
  return value === null || value === undefined ? null : RESTRICTED_TEXT;
}

const MASKERS: Record<MaskForm, (value: string) => string | null> = {
  name: maskName,
  phone: maskPhone,
  idNumber: maskIdNumber,
  address: maskAddress,
  birthDate: maskBirthDate,
  restricted: maskRestricted,
};

/**
 * A value in the masked form its field declares. Without a declared form a string reads "[restricted]"; a
 * value of another kind (a number, a date, an object) has no masked form and is withheld as null.
 */
export function maskValue(form: MaskForm | undefined, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return null;
  return MASKERS[form ?? 'restricted'](value);
}
