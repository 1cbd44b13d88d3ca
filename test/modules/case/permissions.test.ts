import { startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import {
  caseRow,
  CaseState,
  Command,
  demoWorld,
  DemoWorld,
  errorCode,
  movedCase,
  numericId,
  putInState,
  report,
  reportInput,
  run,
  timelineOf,
} from './case-support';

let api: TestApi;
let world: DemoWorld;
beforeAll(async () => {
  api = await startTestApi();
  world = await demoWorld(api);
});
afterAll(() => api.close());

type Refusal = 'FORBIDDEN' | 'NOT_FOUND';

interface Row {
  command: Command;
  state: CaseState & { civilAffairs?: boolean; overdue?: boolean };
  to: string;
  allowed: string[];
  refused: Record<string, Refusal>;
}

const F: Refusal = 'FORBIDDEN';
const NF: Refusal = 'NOT_FOUND';

/**
 * Every command × who may and who may not give it, on a case resident.demo reported in worker.demo's grid
 * (so all grid staff, the district posts and the resident can see it; a department only while dispatched
 * to it; the privacy officer never).
 */
const MATRIX: Row[] = [
  {
    command: 'accept',
    state: { status: 'REPORTED', holdingLevel: 3 },
    to: 'ACCEPTED',
    allowed: ['worker.demo'],
    refused: {
      'leader.demo': F,
      'street.demo': F,
      'center.demo': F,
      'admin.demo': F,
      'resident.demo': F,
      'dept.demo': NF,
      'privacy.demo': NF,
    },
  },
  {
    command: 'start',
    state: { status: 'ACCEPTED', holdingLevel: 3 },
    to: 'IN_PROGRESS',
    allowed: ['worker.demo'],
    refused: { 'leader.demo': F, 'center.demo': F, 'admin.demo': F, 'resident.demo': F, 'dept.demo': NF },
  },
  {
    command: 'start',
    state: { status: 'ESCALATED', holdingLevel: 2 },
    to: 'IN_PROGRESS',
    allowed: ['leader.demo'],
    refused: { 'worker.demo': F, 'street.demo': F },
  },
  {
    command: 'resolve',
    state: { status: 'IN_PROGRESS', holdingLevel: 3 },
    to: 'RESOLVED',
    allowed: ['worker.demo'],
    refused: { 'leader.demo': F, 'center.demo': F, 'admin.demo': F, 'resident.demo': F, 'dept.demo': NF },
  },
  {
    command: 'resolve',
    state: { status: 'DISPATCHED', holdingLevel: 0, civilAffairs: true, category: 'SOCIAL_ASSISTANCE' },
    to: 'RESOLVED',
    allowed: ['dept.demo'],
    refused: { 'center.demo': F, 'worker.demo': F, 'street.demo': F, 'resident.demo': F, 'privacy.demo': NF },
  },
  {
    command: 'escalate',
    state: { status: 'IN_PROGRESS', holdingLevel: 3 },
    to: 'ESCALATED',
    allowed: ['worker.demo'],
    refused: { 'leader.demo': F, 'center.demo': F, 'admin.demo': F, 'resident.demo': F, 'dept.demo': NF },
  },
  {
    command: 'escalate',
    state: { status: 'IN_PROGRESS', holdingLevel: 2 },
    to: 'ESCALATED',
    allowed: ['leader.demo'],
    refused: { 'worker.demo': F },
  },
  {
    command: 'escalate',
    state: { status: 'IN_PROGRESS', holdingLevel: 1 },
    to: 'ESCALATED',
    allowed: ['street.demo'],
    refused: { 'leader.demo': F, 'worker.demo': F },
  },
  {
    command: 'dispatch',
    state: { status: 'ESCALATED', holdingLevel: 0 },
    to: 'DISPATCHED',
    allowed: ['center.demo'],
    refused: { 'street.demo': F, 'worker.demo': F, 'admin.demo': F, 'resident.demo': F, 'dept.demo': NF },
  },
  {
    command: 'return',
    state: { status: 'DISPATCHED', holdingLevel: 0, civilAffairs: true },
    to: 'RETURNED',
    allowed: ['dept.demo'],
    refused: { 'center.demo': F, 'worker.demo': F, 'admin.demo': F, 'resident.demo': F },
  },
  {
    command: 'verify',
    state: { status: 'RESOLVED', holdingLevel: 3 },
    to: 'CLOSED',
    allowed: ['worker.demo', 'leader.demo', 'street.demo'],
    refused: { 'center.demo': F, 'admin.demo': F, 'resident.demo': F, 'dept.demo': NF, 'privacy.demo': NF },
  },
  {
    command: 'reopen',
    state: { status: 'RESOLVED', holdingLevel: 3 },
    to: 'REOPENED',
    allowed: ['worker.demo'],
    refused: { 'center.demo': F, 'admin.demo': F, 'resident.demo': F },
  },
  {
    command: 'reject',
    state: { status: 'REPORTED', holdingLevel: 3 },
    to: 'REJECTED',
    allowed: ['worker.demo'],
    refused: { 'leader.demo': F, 'center.demo': F, 'admin.demo': F, 'resident.demo': F },
  },
  {
    command: 'assign',
    state: { status: 'IN_PROGRESS', holdingLevel: 3 },
    to: 'IN_PROGRESS',
    allowed: ['leader.demo', 'street.demo'],
    refused: { 'worker.demo': F, 'center.demo': F, 'admin.demo': F, 'resident.demo': F },
  },
  {
    command: 'supervise',
    state: { status: 'IN_PROGRESS', holdingLevel: 3, overdue: true },
    to: 'IN_PROGRESS',
    allowed: ['center.demo'],
    refused: {
      'worker.demo': F,
      'leader.demo': F,
      'street.demo': F,
      'admin.demo': F,
      'resident.demo': F,
      'dept.demo': NF,
    },
  },
];

/** A fresh case of resident.demo's, put straight into the row's starting state. */
async function caseIn(state: Row['state']): Promise<string> {
  const id = await report(api, 'resident.demo', reportInput(world, { source: 'RESIDENT_SELF_SERVICE' }));
  await putInState(api, id, { ...state, department: state.civilAffairs ? world.civilAffairs : null });
  if (state.overdue)
    await sql(api, `update cases set resolve_due_at = now() - interval '1 day' where id = $1`, [numericId(id)]);
  return id;
}

const label = (row: Row) => `${row.command} from ${row.state.status} at level ${row.state.holdingLevel}`;
const allowedCases = MATRIX.flatMap((row) => row.allowed.map((user) => [label(row), user, row] as const));
const refusedCases = MATRIX.flatMap((row) =>
  Object.entries(row.refused).map(([user, code]) => [label(row), user, code, row] as const),
);

describe('who may give which command', () => {
  it.each(allowedCases)('%s: %s may', async (_label, user, row) => {
    const id = await caseIn(row.state);
    const response = await run(api, row.command, id, user, { world });
    expect(response.errors).toBeUndefined();
    expect(movedCase(response).status).toBe(row.to);
    const timeline = await timelineOf(api, id);
    expect(timeline[timeline.length - 1]).toMatchObject({
      action: row.command,
      from_status: row.state.status,
      to_status: row.to,
    });
  });

  it.each(refusedCases)('%s: %s may not (%s)', async (_label, user, code, row) => {
    const id = await caseIn(row.state);
    const before = await caseRow(api, id);
    const response = await run(api, row.command, id, user, { world });
    expect(response.data).toBeNull();
    expect(errorCode(response)).toBe(code);
    expect(await caseRow(api, id)).toEqual(before);
    expect(await timelineOf(api, id)).toHaveLength(1);
  });
});
