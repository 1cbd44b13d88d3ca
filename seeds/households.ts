import { GridNode, Locality } from './grid-tree';
import { OTHER_SHANDONG_REGIONS, OVERSEAS_REGIONS } from './places';
import { Rng, WeightedTable } from './prng';

export type ResidenceType = 'REGISTERED' | 'NON_REGISTERED' | 'FLOATING' | 'OVERSEAS';

export interface HouseholdPlan {
  id: number;
  code: string;
  address: string;
  leaf: GridNode;
  size: number;
  residenceType: ResidenceType;
  /** Region code of the members' ID numbers: Penglai for registered residents, elsewhere for floating ones. */
  region: string;
  firstResidentId: number;
}

const URBAN_SIZES = new WeightedTable<number>([
  [1, 16],
  [2, 32],
  [3, 28],
  [4, 15],
  [5, 9],
]);
const RURAL_SIZES = new WeightedTable<number>([
  [1, 20],
  [2, 35],
  [3, 22],
  [4, 14],
  [5, 9],
]);
const RESIDENCE = new WeightedTable<ResidenceType>([
  ['REGISTERED', 82],
  ['NON_REGISTERED', 9],
  ['FLOATING', 8],
  ['OVERSEAS', 1],
]);

/** Cuts a leaf's residents into households (户) with distinct doors, all members at the same address. */
export function planHouseholds(leaf: GridNode, rng: Rng, firstHouseholdId: number): HouseholdPlan[] {
  const sizes = leaf.kind === 'VILLAGE_GROUP' ? RURAL_SIZES : URBAN_SIZES;
  const plans: HouseholdPlan[] = [];
  let placed = 0;
  while (placed < leaf.residents) {
    const size = Math.min(sizes.draw(rng), leaf.residents - placed);
    let residenceType = RESIDENCE.draw(rng);
    if (residenceType === 'OVERSEAS' && size > 2) residenceType = 'FLOATING';
    const id = firstHouseholdId + plans.length;
    plans.push({
      id,
      code: `H${leaf.code}${String(plans.length + 1).padStart(4, '0')}`,
      address: '',
      leaf,
      size,
      residenceType,
      region: regionFor(rng, residenceType),
      firstResidentId: leaf.firstResidentId + placed,
    });
    placed += size;
  }
  const doors = doorsOf(leaf.locality as Locality, plans.length, rng);
  plans.forEach((plan, k) => (plan.address = doors[k]));
  return plans;
}

function regionFor(rng: Rng, type: ResidenceType): string {
  if (type === 'REGISTERED' || (type === 'NON_REGISTERED' && rng.chance(0.7))) return '370614';
  if (type === 'OVERSEAS') return rng.pick(OVERSEAS_REGIONS);
  return rng.pick(OTHER_SHANDONG_REGIONS);
}

/**
 * Spreads `count` doors evenly over the leaf's buildings (or house numbers) so no two households share one,
 * unless there are more households than doors.
 */
function doorsOf(locality: Locality, count: number, rng: Rng): string[] {
  const numbers = locality.last - locality.first + 1;
  const { prefix, name } = locality;
  if (locality.kind === 'village') {
    const step = Math.max(1, Math.floor(numbers / Math.max(1, count)));
    return Array.from(
      { length: count },
      (_, k) => `${prefix}${name}${locality.first + ((k * step + rng.int(0, step - 1)) % numbers)}号`,
    );
  }
  const units = locality.kind === 'road' ? 1 : locality.floors > 6 ? 2 : 3;
  const perNumber = units * locality.floors * 2;
  const capacity = numbers * perNumber;
  const step = Math.max(1, Math.floor(capacity / Math.max(1, count)));
  return Array.from({ length: count }, (_, k) => {
    const slot = (k * step + rng.int(0, step - 1)) % capacity;
    const number = locality.first + Math.floor(slot / perNumber);
    const unit = 1 + Math.floor((slot % perNumber) / (locality.floors * 2));
    const floor = 1 + Math.floor((slot % (locality.floors * 2)) / 2);
    const room = `${floor}0${1 + (slot % 2)}室`;
    return locality.kind === 'road'
      ? `${prefix}${name}${number}号${room}`
      : `${prefix}${name}${number}号楼${unit}单元${room}`;
  });
}
