/**
 * Resident identity-card numbers after GB 11643-1999: 6-digit region code, 8-digit birth date, 3-digit
 * sequence code (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
 */

import { idNumberCheckDigit } from '../src/common/id-number';

export { idNumberCheckDigit, idNumberGender, isValidIdNumber } from '../src/common/id-number';

export function makeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = regionCode + birthDate.replace(/-/g, '') + String(sequence).padStart(3, '0');
  return first17 + idNumberCheckDigit(first17);
}

/**
 * Hands out sequence codes so that no two people share a number: per region, birth date and gender a
 * counter walks the 499 odd (or even) codes from a start derived from the key, not from the PRNG, so the
 * codes do not depend on the order of the other draws.
 */
export class IdNumberRegistry {
  private readonly used = new Map<number, number>();
  private readonly regionIndex = new Map<string, number>();

  issue(regionCode: string, birthDate: string, gender: 'MALE' | 'FEMALE'): string {
    const key = this.key(regionCode, birthDate, gender);
    const count = this.used.get(key) ?? 0;
    if (count >= 499) throw new Error(`sequence codes exhausted for ${regionCode} ${birthDate} ${gender}`);
    this.used.set(key, count + 1);
    const slot = (this.start(key) + count) % 499;
    return makeIdNumber(regionCode, birthDate, gender === 'MALE' ? slot * 2 + 1 : slot * 2 + 2);
  }

  private key(regionCode: string, birthDate: string, gender: string): number {
    let region = this.regionIndex.get(regionCode);
    if (region === undefined) {
      region = this.regionIndex.size;
      this.regionIndex.set(regionCode, region);
    }
    const ymd = Number(birthDate.replace(/-/g, ''));
    return (region * 100_000_000 + ymd) * 2 + (gender === 'MALE' ? 1 : 0);
  }

  private start(key: number): number {
    return (Math.imul((key % 1_000_003) ^ 0x5bd1e995, 2654435761) >>> 0) % 499;
  }
}
