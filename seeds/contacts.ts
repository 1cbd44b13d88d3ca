import { Rng, WeightedTable } from './prng';

/** Mainland mobile prefixes by rough market share: China Mobile 13x/15x/18x dominate, 19x is newer. */
const MOBILE_PREFIXES = new WeightedTable<string>([
  ['134', 3],
  ['135', 5],
  ['136', 4],
  ['137', 4],
  ['138', 6],
  ['139', 6],
  ['130', 3],
  ['131', 3],
  ['132', 3],
  ['133', 2],
  ['150', 3],
  ['151', 3],
  ['152', 3],
  ['153', 2],
  ['155', 2],
  ['156', 2],
  ['157', 2],
  ['158', 3],
  ['159', 3],
  ['180', 2],
  ['181', 2],
  ['182', 2],
  ['183', 2],
  ['185', 2],
  ['186', 3],
  ['187', 3],
  ['188', 3],
  ['189', 2],
  ['191', 1],
  ['193', 1],
  ['195', 1],
  ['198', 2],
  ['199', 2],
  ['177', 1],
  ['176', 1],
]);

export function mobilePhone(rng: Rng): string {
  return MOBILE_PREFIXES.draw(rng) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** Who carries a phone: almost every adult, fewer of the very old, no small children. */
export function phoneFor(rng: Rng, age: number): string | null {
  const share = age < 12 ? 0 : age < 18 ? 0.6 : age < 75 ? 0.95 : age < 85 ? 0.7 : 0.4;
  return rng.chance(share) ? mobilePhone(rng) : null;
}
