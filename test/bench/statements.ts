import { Answer, post } from './graphql';
import type { ApiProcess } from './server';
import type { StepData, Workload } from './workloads';

/**
 * SQL statements per request, counted twice: as the server reports them (extensions.sqlStatements) and as
 * its SQL log shows them (SQL_LOG=on: every statement the ORM's connection sends, the principal lookup
 * and the access-log append included). Requests go one at a time so each log line belongs to one request.
 */
export interface StatementCount {
  workload: string;
  step: string;
  pageSize: number | null;
  logged: number;
  /** Of the logged ones, transaction control (begin, commit, savepoint, …). */
  control: number;
  reported: number | null;
  /** The statements themselves, as the SQL log shows them. */
  sql: string[];
  logRows: number | null;
}

/** The third of three identical passes is kept: by then nothing is loaded for the first time. */
const PASSES = 3;

export async function countStatements(
  api: ApiProcess,
  workload: Workload,
  pageSize: number | null,
): Promise<StatementCount[]> {
  let counts: StatementCount[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    counts = [];
    const state: Record<string, unknown> = {};
    for (const step of workload.steps) {
      const outgoing = step.next(state);
      if (!outgoing) throw new Error(`${workload.id} ${step.name}: an earlier step failed`);
      const before = api.statementsLogged();
      const answer = await post<StepData>(api.url, outgoing.body, outgoing.headers);
      await settled(api);
      if (!answer.data || answer.errors?.length)
        throw new Error(`${workload.id} ${step.name} failed: ${JSON.stringify(answer.errors)}`);
      step.after?.(answer.data, state);
      counts.push(countOf(workload, step.name, pageSize, api.statementsSince(before), answer));
    }
  }
  return counts;
}

const TRANSACTION_CONTROL = /^(begin|commit|rollback|savepoint|release)\b/i;

function countOf(
  workload: Workload,
  step: string,
  pageSize: number | null,
  sql: string[],
  answer: Answer,
): StatementCount {
  return {
    workload: workload.id,
    step,
    pageSize,
    logged: sql.length,
    control: sql.filter((text) => TRANSACTION_CONTROL.test(text)).length,
    sql,
    reported: answer.extensions?.sqlStatements ?? null,
    logRows: answer.extensions?.accessLogEntries ?? null,
  };
}

/** The log reaches us through a pipe; wait until no new line has come for 150 ms. */
async function settled(api: ApiProcess): Promise<number> {
  let last = -1;
  while (api.statementsLogged() !== last) {
    last = api.statementsLogged();
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return last;
}
