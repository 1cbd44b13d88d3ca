import { CASE_CATEGORIES, CaseCategorySeed, departmentId } from './catalogue';
import { ActorRole, drawOutcome, planSteps, Step } from './case-flow';
import { actorOf, involvedRows, reporterOf, Scene, sceneOf, Source } from './case-people';
import { caseText, EVENT_NOTES } from './case-text';
import { copyLine, RowSink } from './copy';
import { pointIn } from './geo';
import { GridNode, GridTree } from './grid-tree';
import { Rng, WeightedTable } from './prng';
import { leavesByStreet } from './residents';
import { HOUR_MS, isoTime } from './time';
import { UserDirectory } from './users';
import { Workforce } from './workers';

const SOURCES = new WeightedTable<Source>([
  ['WORKER_PATROL', 40],
  ['RESIDENT_SELF_SERVICE', 18],
  ['HOTLINE_12345', 17],
  ['WALK_IN', 10],
  ['BUILDING_LEADER', 9],
  ['PROPERTY_COMPANY', 6],
]);
const CATEGORIES = new WeightedTable(CASE_CATEGORIES.map((c, i) => [i, c.frequency] as const));
const SATISFACTION = new WeightedTable<number>([
  [5, 55],
  [4, 28],
  [3, 10],
  [2, 4],
  [1, 3],
]);
const REPORTER_ROLE: Record<Source, ActorRole> = {
  WORKER_PATROL: 'GRID_WORKER',
  RESIDENT_SELF_SERVICE: 'RESIDENT',
  HOTLINE_12345: 'COMMAND_CENTER',
  WALK_IN: 'GRID_WORKER',
  BUILDING_LEADER: 'GRID_WORKER',
  PROPERTY_COMPANY: 'GRID_WORKER',
};
const REPORT_NOTES: Record<Source, string> = {
  WORKER_PATROL: '网格员巡查发现。',
  RESIDENT_SELF_SERVICE: '居民通过随手拍上报。',
  HOTLINE_12345: '12345政务服务热线转办。',
  WALK_IN: '居民到网格服务站反映。',
  BUILDING_LEADER: '楼栋长反映。',
  PROPERTY_COMPANY: '物业服务企业报告。',
};
const CASE_COLUMNS = [
  'id',
  'title',
  'description',
  'status',
  'source',
  'category_id',
  'grid_id',
  'grid_path',
  'holding_level',
  'department_id',
  'handler_id',
  'reporter_id',
  'reporter_name',
  'reporter_phone',
  'longitude',
  'latitude',
  'reported_at',
  'accepted_at',
  'resolved_at',
  'closed_at',
  'accept_due_at',
  'resolve_due_at',
  'dispatch_due_at',
  'satisfaction',
  'duplicate_of_id',
  'idempotency_key',
  'version',
  'sensitive',
];
const CHUNK = 10_000;

export interface CaseContext {
  tree: GridTree;
  workforce: Workforce;
  users: UserDirectory;
  today: number;
}

/** Cases of the last twelve months with their timelines and involved residents, copied in chunks of 10,000. */
export async function writeCases(sink: RowSink, context: CaseContext, total: number, rng: Rng): Promise<void> {
  const leaves = leavesByStreet(context.tree).flat();
  const residents = leaves.reduce((sum, leaf) => sum + leaf.residents, 0);
  const lastCaseOfLeaf = new Map<number, number>();
  const counter = { event: 0 };
  for (let first = 1; first <= total; first += CHUNK) {
    const chunkRng = rng.derive('cases', first);
    const rows = { cases: [] as string[], events: [] as string[], involved: [] as string[] };
    for (let id = first; id < first + CHUNK && id <= total; id++) {
      const leaf = leafOfResident(leaves, chunkRng.int(1, residents));
      buildCase(chunkRng, context, id, leaf, lastCaseOfLeaf, rows, counter);
      lastCaseOfLeaf.set(leaf.id, id);
    }
    await sink.copy('cases', CASE_COLUMNS, rows.cases);
    await sink.copy(
      'case_event',
      ['id', 'case_id', 'action', 'from_status', 'to_status', 'actor_id', 'actor_role', 'note', 'at'],
      rows.events,
    );
    await sink.copy('case_involved_resident', ['case_id', 'resident_id'], rows.involved);
  }
}

/** Cases fall on grids in proportion to their population: draw a resident, take their leaf. */
function leafOfResident(leaves: GridNode[], residentId: number): GridNode {
  let low = 0;
  let high = leaves.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (leaves[mid].firstResidentId <= residentId) low = mid;
    else high = mid - 1;
  }
  return leaves[low];
}

function buildCase(
  rng: Rng,
  context: CaseContext,
  id: number,
  leaf: GridNode,
  lastCaseOfLeaf: Map<number, number>,
  rows: { cases: string[]; events: string[]; involved: string[] },
  counter: { event: number },
): void {
  const category = CASE_CATEGORIES[CATEGORIES.draw(rng)];
  const scene = sceneOf(context.workforce, context.tree.demoGrid, leaf, SOURCES.draw(rng));
  const steps = planSteps(rng, category, drawOutcome(rng, category), REPORTER_ROLE[scene.source]);
  const times = timeline(rng, steps, context.today);
  const rejected = steps[steps.length - 1].to === 'REJECTED';
  const duplicateOf = rejected && rng.chance(0.5) ? (lastCaseOfLeaf.get(leaf.id) ?? null) : null;
  steps.forEach((step, i) => {
    const note =
      step.action === 'report'
        ? REPORT_NOTES[scene.source]
        : step.action === 'reject'
          ? duplicateOf
            ? EVENT_NOTES.reject[0]
            : rng.pick(EVENT_NOTES.reject.slice(1))
          : rng.pick(EVENT_NOTES[step.action]);
    rows.events.push(
      copyLine([
        ++counter.event,
        id,
        step.action,
        step.from,
        step.to,
        actorOf(step, scene, context.users),
        step.role,
        note,
        isoTime(times[i]),
      ]),
    );
  });
  rows.cases.push(caseRow(rng, id, category, scene, context.users, steps, times, duplicateOf));
  rows.involved.push(...involvedRows(rng, id, category, leaf));
}

/** The case row: its state after the last step, the step times, SLA deadlines from the category, satisfaction when closed. */
function caseRow(
  rng: Rng,
  id: number,
  category: CaseCategorySeed,
  scene: Scene,
  users: UserDirectory,
  steps: Step[],
  times: number[],
  duplicateOf: number | null,
): string {
  const last = steps[steps.length - 1];
  const department = last.to === 'RETURNED' ? null : last.department;
  const timeOf = (action: Step['action']) => {
    const i = steps.map((s) => s.action).lastIndexOf(action);
    return i < 0 ? null : times[i];
  };
  // As the workflow does: whoever accepts or starts a case handles it; escalation and dispatch clear the handler.
  const unhandled =
    ['REPORTED', 'REJECTED', 'ESCALATED', 'DISPATCHED', 'RETURNED'].includes(last.to) || department !== null;
  const handler = unhandled ? null : last.holding === 3 ? scene.worker : last.holding === 2 ? scene.leader : null;
  const reporter = reporterOf(rng, scene, users);
  const dispatchedAt = timeOf('dispatch');
  const [lng, lat] = pointIn(rng, scene.leaf.rect);
  const text = caseText(rng, category.code, scene.leaf.place);
  const reported = times[0];
  const done = last.to === 'RESOLVED' || last.to === 'CLOSED';
  return copyLine([
    id,
    text.title,
    text.description,
    last.to,
    scene.source,
    CASE_CATEGORIES.indexOf(category) + 1,
    scene.leaf.id,
    scene.leaf.path,
    last.holding,
    department ? departmentId(department) : null,
    handler?.id ?? null,
    reporter.id,
    reporter.name,
    reporter.phone,
    lng,
    lat,
    isoTime(reported),
    iso(timeOf('accept')),
    done ? iso(timeOf('resolve')) : null,
    last.to === 'CLOSED' ? iso(timeOf('verify')) : null,
    isoTime(reported + category.acceptWithinHours * HOUR_MS),
    isoTime(reported + category.resolveWithinHours * HOUR_MS),
    dispatchedAt !== null && department ? isoTime(dispatchedAt + category.resolveWithinHours * HOUR_MS) : null,
    last.to === 'CLOSED' ? SATISFACTION.draw(rng) : null,
    duplicateOf,
    null,
    1,
    category.sensitive,
  ]);
}

const iso = (ms: number | null) => (ms === null ? null : isoTime(ms));

/**
 * Event times: finished cases end somewhere in the past year, open ones are waiting since recently (a few
 * for weeks, so that some are overdue). Every time is before the seed's clock day.
 */
function timeline(rng: Rng, steps: Step[], today: number): number[] {
  const offsets: number[] = [];
  let sum = 0;
  for (const step of steps) offsets.push((sum += step.gapHours * HOUR_MS));
  const finished = ['CLOSED', 'REJECTED'].includes(steps[steps.length - 1].to);
  const waitingHours = finished
    ? rng.between(1, 365 * 24 - sum / HOUR_MS)
    : rng.chance(0.85)
      ? rng.between(0.5, 48)
      : rng.between(48, 240);
  const reported = Math.round(today - Math.max(HOUR_MS, waitingHours * HOUR_MS) - sum);
  return offsets.map((offset) => Math.round(reported + offset));
}
