import { CASE_CATEGORIES, DEPARTMENTS, SPECIAL_CATEGORIES } from './catalogue';
import { writeCases } from './cases';
import { copyLine, RowSink } from './copy';
import { polygonOf } from './geo';
import { buildGridTree, GridTree } from './grid-tree';
import { Rng } from './prng';
import { apportionResidents, writePopulation } from './residents';
import { ScalePlan } from './scale';
import { clockDay, DAY_MS, isoTime } from './time';
import { writeDelegation, writeUsers } from './users';
import { writeWorkerRecords } from './worker-records';
import { buildWorkforce, writeWorkforce } from './workers';

/** Seeds are reproducible from this number; Penglai's region code is as good a default as any. */
export const DEFAULT_SEED = 370614;

export interface DatasetOptions {
  now: Date;
  seed: number;
  /** One Argon2 hash of the demo password, shared by every login. */
  passwordHash: string;
  log: (line: string) => void;
}

/** Facts about the generated demo objects, for logs and tests. */
export interface DemoFacts {
  demoGridId: number;
  demoGridName: string;
  demoResidentId: number;
  elderlyAloneInDelegatedStreet: number;
}

/**
 * Writes the whole data set into a sink, table by table in foreign-key order. Pure given its options: the
 * same seed, clock day and password hash give the same bytes.
 */
export async function writeDataset(sink: RowSink, plan: ScalePlan, options: DatasetOptions): Promise<DemoFacts> {
  const rng = new Rng(options.seed);
  const today = clockDay(options.now);
  const step = timer(options.log);
  const tree = buildGridTree(plan, rng.derive('tree'));
  apportionResidents(tree, plan.residents);
  await writeGrids(sink, tree, today);
  await writeCatalogues(sink, today);
  step(`grid tree: ${tree.nodes.length} grids, ${tree.leaves.length} leaves`);
  const workforce = buildWorkforce(tree, rng.derive('workforce'), today);
  const protectedWorkers = new Set([tree.demoGrid, tree.demoGrid.parent].map((grid) => grid?.id ?? 0));
  await writeWorkforce(
    sink,
    workforce,
    rng.derive('assignments'),
    today,
    new Set(workforce.workers.filter((w) => w.grids.some((g) => protectedWorkers.has(g.id))).map((w) => w.id)),
  );
  await writeWorkerRecords(sink, workforce, rng.derive('worker-records'), today, plan.patrolsPerWorker);
  step(`workers: ${workforce.workers.length}`);
  const population = await writePopulation(sink, tree, workforce, rng.derive('population'), today);
  step(`residents: ${plan.residents}`);
  const users = await writeUsers(sink, tree, workforce, population, options.passwordHash, plan.workerLogins, today);
  await writeDelegation(sink, tree, options.now);
  await writeCases(sink, { tree, workforce, users, today }, plan.cases, rng.derive('cases'));
  step(`cases: ${plan.cases}`);
  const delegated = tree.streets.find((s) => s.name === '紫荆山街道');
  return {
    demoGridId: tree.demoGrid.id,
    demoGridName: tree.demoGrid.name,
    demoResidentId: population.demoResident.id,
    elderlyAloneInDelegatedStreet: delegated
      ? (population.categoryCountByStreet.get(delegated.id)?.get('ELDERLY_ALONE') ?? 0)
      : 0,
  };
}

function timer(log: (line: string) => void): (what: string) => void {
  let last = performance.now();
  return (what) => {
    const now = performance.now();
    log(`${what} (${((now - last) / 1000).toFixed(1)} s)`);
    last = now;
  };
}

async function writeGrids(sink: RowSink, tree: GridTree, today: number): Promise<void> {
  const created = isoTime(today - 3 * 365 * DAY_MS);
  await sink.copy(
    'grid',
    ['id', 'name', 'code', 'level', 'kind', 'parent_id', 'path', 'boundary', 'party_branch', 'created_at'],
    tree.nodes.map((g) =>
      copyLine([
        g.id,
        g.name,
        g.code,
        g.level,
        g.kind,
        g.parent?.id ?? null,
        g.path,
        polygonOf(g.rect),
        g.partyBranch,
        created,
      ]),
    ),
  );
}

async function writeCatalogues(sink: RowSink, today: number): Promise<void> {
  const created = isoTime(today - 3 * 365 * DAY_MS);
  await sink.copy(
    'department',
    ['id', 'code', 'name', 'created_at'],
    DEPARTMENTS.map((d, i) => copyLine([i + 1, d.code, d.name, created])),
  );
  await sink.copy(
    'special_category',
    ['id', 'code', 'name', 'colour', 'security_label', 'visit_every_days'],
    SPECIAL_CATEGORIES.map((c, i) => copyLine([i + 1, c.code, c.name, c.colour, c.securityLabel, c.visitEveryDays])),
  );
  await sink.copy(
    'case_category',
    [
      'id',
      'code',
      'name',
      'handling_level',
      'department_id',
      'accept_within_hours',
      'resolve_within_hours',
      'sensitive',
    ],
    CASE_CATEGORIES.map((c, i) =>
      copyLine([
        i + 1,
        c.code,
        c.name,
        c.handlingLevel,
        c.department ? DEPARTMENTS.findIndex((d) => d.code === c.department) + 1 : null,
        c.acceptWithinHours,
        c.resolveWithinHours,
        c.sensitive,
      ]),
    ),
  );
}
