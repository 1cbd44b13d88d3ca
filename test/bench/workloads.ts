import { headersFor, requestBody } from './graphql';
import type { Cast, Login } from './cast';

/** What one request of a workload sends; null when an earlier step failed and the sequence must restart. */
export type Outgoing = { headers: Record<string, string>; body: string } | null;

/** A successful answer's data: each mutation field returns the case it moved. */
export type StepData = Record<string, { id: string; version: number }>;

/** One request of a workload; a read workload has one step, the write mix a sequence each connection repeats. */
export interface Step {
  name: string;
  /** State is per connection and per pass through the steps. */
  next(state: Record<string, unknown>): Outgoing;
  /** Keeps what the following steps need from a successful answer. */
  after?(data: StepData, state: Record<string, unknown>): void;
}

export interface Workload {
  id: string;
  title: string;
  steps: Step[];
}

const GRID_WORKER_RESIDENTS = `query GridWorkerResidents($first: Int!) {
  residents(first: $first) { edges { node { id name phone idNumber address grid { name } } } pageInfo { hasNextPage endCursor } }
}`;

const OVERDUE_CASES = `query OverdueCases($first: Int!) {
  cases(first: $first, filter: { overdue: true }) {
    totalCount
    nodes {
      id title status reportedAt resolveDueAt reporterName reporterPhone
      grid { name } involvedResidents { id name } timeline { action toStatus at actorRole }
    }
  }
}`;

const DELEGATED_RESIDENTS = `query DelegatedResidents($first: Int!) {
  residents(first: $first) { edges { node { id name gender birthDate phone address } } pageInfo { hasNextPage endCursor } }
}`;

const SUBJECT_ACCESS_LOG = `query SubjectAccessLog($subject: ID!) {
  accessLogs(first: 20, filter: { subject: $subject }) {
    totalCount
    nodes { id occurredAt action fields outcome basis purpose rule actorRole actor { username } }
  }
}`;

const REPORT_CASE = `mutation ReportCase($input: ReportCaseInput!) { reportCase(input: $input) { id status version } }`;
const ACCEPT_CASE = `mutation AcceptCase($input: CaseMoveInput!) { acceptCase(input: $input) { id status version } }`;
const ESCALATE_CASE = `mutation EscalateCase($input: CaseMoveInput!) { escalateCase(input: $input) { id status version holdingLevel } }`;

/** Hands out items in turn, so consecutive requests come from different people or ask about different records. */
function rotation<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('a workload needs at least one login or subject');
  let i = 0;
  return () => items[i++ % items.length];
}

function read(
  name: string,
  logins: readonly Login[],
  body: (turn: number) => string,
  extraHeaders: Record<string, string> = {},
): Step {
  const nextLogin = rotation(logins);
  let turn = 0;
  return { name, next: () => ({ headers: headersFor(nextLogin().token, extraHeaders), body: body(turn++) }) };
}

export function gridWorkerResidents(cast: Cast, first = 50): Workload {
  const body = requestBody(GRID_WORKER_RESIDENTS, { first });
  return {
    id: 'W1',
    title: `grid worker: residents page of ${first}`,
    steps: [read('residents', cast.workers, () => body)],
  };
}

/** The API's own cost per request, for profiling: the caller's id only (no list, nothing to log). */
export function callerOnly(cast: Cast): Workload {
  const body = requestBody('query Me { me { id } }', {});
  return { id: 'ME', title: 'the caller only', steps: [read('me', cast.workers, () => body)] };
}

export function overdueCases(cast: Cast, first = 100): Workload {
  const body = requestBody(OVERDUE_CASES, { first });
  return {
    id: 'W2',
    title: `command centre: overdue cases page of ${first}`,
    steps: [read('cases', [cast.center], () => body)],
  };
}

export function delegatedResidents(cast: Cast, first = 100): Workload {
  const body = requestBody(DELEGATED_RESIDENTS, { first });
  const step = read('residents', [cast.department], () => body, { 'X-Access-Purpose': 'WELFARE_CHECK' });
  return { id: 'W3', title: `department officer: delegated residents page of ${first}`, steps: [step] };
}

export function subjectAccessLog(cast: Cast): Workload {
  const bodies = cast.subjects.map((subject) => requestBody(SUBJECT_ACCESS_LOG, { subject }));
  const step = read('accessLogs', [cast.privacy], (turn) => bodies[turn % bodies.length]);
  return { id: 'W4', title: 'privacy officer: 20 entries about one resident', steps: [step] };
}

/** A grid worker reports a problem in their grid, takes it on, and passes it to the community (level 2). */
export function caseWrites(cast: Cast): Workload {
  const nextWorker = rotation(cast.workers);
  const move = (name: string, query: string, field: string, note?: string): Step => ({
    name,
    next: (state) =>
      state.caseId
        ? {
            headers: headersFor(state.token as string),
            body: requestBody(query, { input: { id: state.caseId, expectedVersion: state.version, note } }),
          }
        : null,
    after: (data, state) => {
      state.version = data[field].version;
    },
  });
  const report: Step = {
    name: 'reportCase',
    next: (state) => {
      const worker = nextWorker();
      Object.assign(state, { token: worker.token, caseId: undefined });
      const input = {
        title: '楼道堆放杂物',
        description: '三单元一楼楼道堆放纸箱，影响通行。',
        category: 'SANITATION',
        grid: worker.gridId,
        source: 'WORKER_PATROL',
      };
      return { headers: headersFor(worker.token), body: requestBody(REPORT_CASE, { input }) };
    },
    after: (data, state) => Object.assign(state, { caseId: data.reportCase.id, version: data.reportCase.version }),
  };
  const steps = [
    report,
    move('acceptCase', ACCEPT_CASE, 'acceptCase'),
    move('escalateCase', ESCALATE_CASE, 'escalateCase', '需社区协调'),
  ];
  return { id: 'W5', title: 'grid workers: reportCase → acceptCase → escalateCase', steps };
}

/** The write workload needs the case mutations; another engineer is finishing them. */
export const CASE_MUTATIONS = ['reportCase', 'acceptCase', 'escalateCase'];
