import {
  AcceptCaseDocument,
  AssignCaseHandlerDocument,
  CaseMovedFragment,
  DispatchCaseDocument,
  EscalateCaseDocument,
  RejectCaseDocument,
  ReportCaseDocument,
  ReportCaseInput,
  ResolveCaseDocument,
  ReturnCaseDocument,
  StartCaseDocument,
  SuperviseCaseDocument,
  VerifyCaseDocument,
} from '../../generated/graphql';
import type { GraphQLResponse, TestApi } from '../../support/api';
import { assignedPaths, globalId, sql } from '../../support/sql';

export type Command =
  | 'accept'
  | 'start'
  | 'resolve'
  | 'escalate'
  | 'dispatch'
  | 'return'
  | 'verify'
  | 'reopen'
  | 'reject'
  | 'assign'
  | 'supervise';

/** Ids and paths of the demo world the case tests act in, read from the seeded database. */
export interface DemoWorld {
  grid: { id: number; path: string; globalId: string };
  otherStreetGrid: { id: number; path: string; globalId: string };
  civilAffairs: number;
  workerDemoWorker: number;
}

export async function demoWorld(api: TestApi): Promise<DemoWorld> {
  const [path] = await assignedPaths(api, 'worker.demo');
  const [grid] = await sql<{ id: number }>(api, 'select id from grid where path = $1', [path]);
  const [other] = await sql<{ id: number; path: string }>(
    api,
    `select g.id, g.path from grid g where g.level = 3 and g.path not like (select path from grid where id = (select scope_grid_id from app_user where username = 'street.demo')) || '%' order by g.id limit 1`,
  );
  const [department] = await sql<{ id: number }>(api, `select id from department where code = 'CIVIL_AFFAIRS'`);
  const [worker] = await sql<{ worker_id: number }>(
    api,
    `select worker_id from app_user where username = 'worker.demo'`,
  );
  return {
    grid: { id: grid.id, path, globalId: globalId('Grid', grid.id) },
    otherStreetGrid: { ...other, globalId: globalId('Grid', other.id) },
    civilAffairs: department.id,
    workerDemoWorker: worker.worker_id,
  };
}

export function numericId(id: string): number {
  return Number(Buffer.from(id, 'base64url').toString('utf8').split(':')[1]);
}

export function reportInput(world: DemoWorld, overrides: Partial<ReportCaseInput> = {}): ReportCaseInput {
  return {
    title: '楼道堆放杂物',
    description: '三单元一楼楼道堆放纸箱，影响通行。',
    category: 'SANITATION',
    grid: world.grid.globalId,
    source: 'WORKER_PATROL',
    ...overrides,
  };
}

/** Reports a case through the API and answers its global id. */
export async function report(api: TestApi, username: string, input: ReportCaseInput): Promise<string> {
  const response = await api.request(ReportCaseDocument, { input }, { token: await api.login(username) });
  if (!response.data) throw new Error(`report by ${username} failed: ${JSON.stringify(response.errors)}`);
  return response.data.reportCase.id;
}

export interface CaseState {
  status: string;
  holdingLevel: number;
  department?: number | null;
  category?: string;
}

/** Puts a case straight into a state (as if earlier steps had happened), to test one step on its own. */
export async function putInState(api: TestApi, id: string, state: CaseState): Promise<void> {
  await sql(
    api,
    `update cases set status = $2, holding_level = $3, department_id = $4,
       category_id = coalesce((select id from case_category where code = $5), category_id) where id = $1`,
    [numericId(id), state.status, state.holdingLevel, state.department ?? null, state.category ?? null],
  );
}

export interface CommandOptions {
  world: DemoWorld;
  expectedVersion?: number;
}

/** Sends one workflow command with inputs that are valid for it. */
export async function run(
  api: TestApi,
  command: Command,
  id: string,
  username: string,
  options: CommandOptions,
): Promise<GraphQLResponse<unknown>> {
  const token = await api.login(username);
  const base = { id, expectedVersion: options.expectedVersion };
  const send = <T>(response: Promise<GraphQLResponse<T>>) => response as Promise<GraphQLResponse<unknown>>;
  switch (command) {
    case 'accept':
      return send(api.request(AcceptCaseDocument, { input: base }, { token }));
    case 'start':
      return send(api.request(StartCaseDocument, { input: base }, { token }));
    case 'resolve':
      return send(api.request(ResolveCaseDocument, { input: { ...base, note: '已处理完毕' } }, { token }));
    case 'escalate':
      return send(api.request(EscalateCaseDocument, { input: { ...base, note: '超出本级能力' } }, { token }));
    case 'dispatch': {
      const input = { ...base, department: globalId('Department', options.world.civilAffairs), dueAt: inDays(3) };
      return send(api.request(DispatchCaseDocument, { input }, { token }));
    }
    case 'return':
      return send(api.request(ReturnCaseDocument, { input: { ...base, reason: '不属于本部门职责' } }, { token }));
    case 'verify':
      return send(api.request(VerifyCaseDocument, { input: { ...base, passed: true, satisfaction: 5 } }, { token }));
    case 'reopen':
      return send(
        api.request(VerifyCaseDocument, { input: { ...base, passed: false, note: '现场仍有问题' } }, { token }),
      );
    case 'reject':
      return send(api.request(RejectCaseDocument, { input: { ...base, reason: '重复上报' } }, { token }));
    case 'assign': {
      const input = { ...base, worker: globalId('Worker', options.world.workerDemoWorker) };
      return send(api.request(AssignCaseHandlerDocument, { input }, { token }));
    }
    case 'supervise':
      return send(api.request(SuperviseCaseDocument, { input: { ...base, note: '请加快办理' } }, { token }));
  }
}

/** The moved case out of any command's answer. */
export function movedCase(response: GraphQLResponse<unknown>): CaseMovedFragment {
  const data = response.data as Record<string, CaseMovedFragment> | null | undefined;
  if (!data) throw new Error(`the command failed: ${JSON.stringify(response.errors)}`);
  return Object.values(data)[0];
}

export function errorCode(response: GraphQLResponse<unknown>): unknown {
  return response.errors?.[0]?.extensions?.code;
}

export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

export interface EventRow {
  action: string;
  from_status: string | null;
  to_status: string;
  actor_role: string | null;
  note: string | null;
}

export async function timelineOf(api: TestApi, id: string): Promise<EventRow[]> {
  return sql<EventRow>(
    api,
    'select action, from_status, to_status, actor_role, note from case_event where case_id = $1 order by at, id',
    [numericId(id)],
  );
}

export async function caseRow(api: TestApi, id: string): Promise<Record<string, unknown>> {
  const [row] = await sql(api, 'select * from cases where id = $1', [numericId(id)]);
  return row;
}
