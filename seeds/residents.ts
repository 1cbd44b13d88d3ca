import { copyLine, RowSink } from './copy';
import { phoneFor } from './contacts';
import { ancestorAt, GridNode, GridTree } from './grid-tree';
import { HouseholdPlan, planHouseholds } from './households';
import { IdNumberRegistry } from './id-number';
import { assignCategories, MembershipRows, VisitPlace } from './memberships';
import { composeHousehold } from './people';
import { apportion, Rng } from './prng';
import { birthDateFor, DAY_MS, isoTime, officeHoursAt } from './time';
import { Workforce } from './workers';

export interface Population {
  /** resident.demo: the first adult under 70 living in worker.demo's grid. */
  demoResident: { id: number; name: string };
  /** Members of each special category per street id, e.g. to check the demo delegation has people to show. */
  categoryCountByStreet: Map<number, Map<string, number>>;
}

const RESIDENT_COLUMNS = [
  'id',
  'name',
  'gender',
  'birth_date',
  'phone',
  'id_number',
  'address',
  'residence_type',
  'grid_id',
  'grid_path',
  'household_id',
  'created_at',
  'updated_at',
];

/**
 * Gives every leaf its share of the residents (by weight) and the first of a contiguous block of ids, in
 * street order, so a leaf's residents are ids firstResidentId … firstResidentId + residents - 1.
 */
export function apportionResidents(tree: GridTree, total: number): void {
  const ordered = leavesByStreet(tree).flat();
  const shares = apportion(
    total,
    ordered.map((leaf) => leaf.weight),
  );
  let nextId = 1;
  ordered.forEach((leaf, i) => {
    leaf.residents = shares[i];
    leaf.firstResidentId = nextId;
    nextId += shares[i];
  });
}

export function leavesByStreet(tree: GridTree): GridNode[][] {
  return tree.streets.map((street) => tree.leaves.filter((leaf) => ancestorAt(leaf, 1) === street));
}

/**
 * Households, residents, their special categories and visits, one street at a time: only one street's
 * households and category rows are held in memory; resident rows stream straight into COPY.
 */
export async function writePopulation(
  sink: RowSink,
  tree: GridTree,
  workforce: Workforce,
  rng: Rng,
  today: number,
): Promise<Population> {
  const byStreet = leavesByStreet(tree);
  const registry = new IdNumberRegistry();
  const population: Population = { demoResident: { id: 0, name: '' }, categoryCountByStreet: new Map() };
  const rows = new MembershipRows(1, 1);
  let nextHouseholdId = 1;
  for (const [i, leaves] of byStreet.entries()) {
    const street = tree.streets[i];
    const streetRng = rng.derive('street', street.code);
    const households = leaves.flatMap((leaf) => {
      const plans = planHouseholds(leaf, streetRng, nextHouseholdId);
      nextHouseholdId += plans.length;
      return plans;
    });
    await sink.copy(
      'household',
      ['id', 'code', 'address', 'grid_id', 'grid_path'],
      households.map((h) => copyLine([h.id, h.code, h.address, h.leaf.id, h.leaf.path])),
    );
    const counts = new Map<string, number>();
    population.categoryCountByStreet.set(street.id, counts);
    const context: StreetContext = { tree, workforce, registry, rows, counts, population, today };
    await sink.copy('resident', RESIDENT_COLUMNS, residentLines(households, streetRng.derive('people'), context));
    await sink.copy(
      'resident_category',
      ['id', 'resident_id', 'category_id', 'since', 'details', 'last_visit_on'],
      rows.categories.splice(0),
    );
    await sink.copy(
      'visit',
      ['id', 'worker_id', 'resident_id', 'category_id', 'grid_id', 'grid_path', 'visited_at', 'notes'],
      rows.visits.splice(0),
    );
  }
  return population;
}

interface StreetContext {
  tree: GridTree;
  workforce: Workforce;
  registry: IdNumberRegistry;
  rows: MembershipRows;
  counts: Map<string, number>;
  population: Population;
  today: number;
}

function* residentLines(households: HouseholdPlan[], rng: Rng, context: StreetContext): Generator<string> {
  const { today, registry, population } = context;
  const year = new Date(today).getUTCFullYear();
  for (const household of households) {
    const leaf = household.leaf;
    const rural = leaf.kind === 'VILLAGE_GROUP';
    const { members, leftBehind } = composeHousehold(rng, household.size, rural, year);
    const place = visitPlace(leaf, context.workforce);
    const registered = officeHoursAt(today, rng.int(30, 1500), rng.next());
    for (const [k, person] of members.entries()) {
      const residentId = household.firstResidentId + k;
      const birthDate = birthDateFor(today, person.age, rng.next());
      const idNumber = registry.issue(household.region, birthDate, person.gender);
      if (leaf === context.tree.demoGrid && !population.demoResident.id && person.age >= 18 && person.age < 70) {
        population.demoResident = { id: residentId, name: person.name };
      }
      const daysLived = Math.floor((today - Date.parse(birthDate)) / DAY_MS);
      const candidate = {
        residentId,
        person,
        daysLived,
        livesAlone: household.size === 1,
        leftBehind: leftBehind && person.kinship === 'grandchild',
        rural,
      };
      for (const code of assignCategories(rng, candidate, place, context.rows, today)) {
        context.counts.set(code, (context.counts.get(code) ?? 0) + 1);
      }
      const updated = registered + rng.int(0, 300) * DAY_MS;
      yield copyLine([
        residentId,
        person.name,
        person.gender,
        birthDate,
        phoneFor(rng, person.age),
        idNumber,
        household.address,
        household.residenceType,
        leaf.id,
        leaf.path,
        household.id,
        isoTime(registered),
        isoTime(Math.min(updated, today)),
      ]);
    }
  }
}

function visitPlace(leaf: GridNode, workforce: Workforce): VisitPlace {
  const worker = workforce.gridWorkerOf.get(ancestorAt(leaf, 3).id);
  if (!worker) throw new Error(`level-3 grid of leaf ${leaf.id} has no grid worker`);
  return { gridId: leaf.id, gridPath: leaf.path, workerId: worker.id };
}
