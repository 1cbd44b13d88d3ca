import { STREETS } from './places';

export type SeedScale = 'demo' | 'district' | { residents: number };

/** How much to generate. Everything but the tree is a count; the tree is per street. */
export interface ScalePlan {
  name: string;
  /** Per street (index into STREETS): how many communities or villages it gets. */
  streets: Array<{ index: number; communities: number }>;
  /** Level-3 grids per community (urban) and per village (rural), drawn uniformly in the range. */
  gridsPerCommunity: readonly [number, number];
  gridsPerVillage: readonly [number, number];
  residents: number;
  cases: number;
  patrolsPerWorker: number;
  /** District-sized data gets a login per worker so that benchmarks can mint real tokens. */
  workerLogins: boolean;
}

const DISTRICT_RESIDENTS = 450_000;
const CASES_PER_RESIDENT = 200_000 / DISTRICT_RESIDENTS;
/** District shape: five urban streets of ~15 communities, seven towns of ~32 villages → ~300 level-2 grids. */
const DISTRICT_COMMUNITIES = [15, 15, 15, 15, 15, 32, 32, 32, 32, 32, 32, 32];

export const DEMO_PLAN: ScalePlan = {
  name: 'demo',
  streets: [
    { index: 0, communities: 5 },
    { index: 1, communities: 5 },
  ],
  gridsPerCommunity: [5, 7],
  gridsPerVillage: [5, 7],
  residents: 5_000,
  cases: 2_000,
  patrolsPerWorker: 8,
  workerLogins: false,
};

/** The district shape scaled to a resident count: fewer communities, same grid sizes, cases in proportion. */
export function districtPlan(residents: number, name = `residents-${residents}`): ScalePlan {
  if (!Number.isInteger(residents) || residents < 100)
    throw new Error(`residents must be an integer ≥ 100, got ${residents}`);
  const factor = residents / DISTRICT_RESIDENTS;
  return {
    name,
    streets: STREETS.map((_, index) => ({
      index,
      communities: Math.max(1, Math.round(DISTRICT_COMMUNITIES[index] * factor)),
    })),
    gridsPerCommunity: [10, 18],
    gridsPerVillage: [6, 12],
    residents,
    cases: Math.round(residents * CASES_PER_RESIDENT),
    patrolsPerWorker: 12,
    workerLogins: true,
  };
}

export function planFor(scale: SeedScale): ScalePlan {
  if (scale === 'demo') return DEMO_PLAN;
  if (scale === 'district') return districtPlan(DISTRICT_RESIDENTS, 'district');
  return districtPlan(scale.residents);
}

/** CLI spelling: "demo", "district" or a resident count such as 45000. */
export function parseScale(text: string | undefined): SeedScale {
  if (!text || text === 'demo') return 'demo';
  if (text === 'district') return 'district';
  const residents = Number(text.replace(/[_,]/g, ''));
  if (!Number.isInteger(residents)) throw new Error(`unknown scale "${text}": use demo, district or a resident count`);
  return { residents };
}
