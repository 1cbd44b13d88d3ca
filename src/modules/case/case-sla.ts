import type { CaseCategory } from './case-category.entity';
import type { Case } from './case.entity';
import { CaseStatus } from './case.enums';
import { column, Fragment, literals, sql } from '../common/compiled-sql';

const HOUR_MS = 3_600_000;

/** States in which a case is still someone's work, and so can be overdue. */
export const OPEN_STATUSES: readonly CaseStatus[] = [
  CaseStatus.REPORTED,
  CaseStatus.ACCEPTED,
  CaseStatus.IN_PROGRESS,
  CaseStatus.ESCALATED,
  CaseStatus.DISPATCHED,
  CaseStatus.RETURNED,
  CaseStatus.REOPENED,
];

export function isOpen(status: CaseStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** The category's SLA, counted from the moment of the report. */
export function deadlinesOf(category: CaseCategory, reportedAt: Date): { acceptDueAt: Date; resolveDueAt: Date } {
  return {
    acceptDueAt: new Date(reportedAt.getTime() + category.acceptWithinHours * HOUR_MS),
    resolveDueAt: new Date(reportedAt.getTime() + category.resolveWithinHours * HOUR_MS),
  };
}

/**
 * Overdue: still open and past the resolution deadline, or, while a department holds it, past the
 * deadline the command centre gave that department. One definition for the field, the filter and the
 * statistics, in memory and in SQL alike.
 */
export function isOverdue(kase: Pick<Case, 'status' | 'resolveDueAt' | 'dispatchDueAt'>, now: Date): boolean {
  if (!isOpen(kase.status)) return false;
  if (kase.resolveDueAt.getTime() < now.getTime()) return true;
  return kase.status === CaseStatus.DISPATCHED && !!kase.dispatchDueAt && kase.dispatchDueAt.getTime() < now.getTime();
}

/** The same test as a MikroORM condition on Case rows. */
export function overdueCondition(now: Date): Record<string, unknown> {
  return {
    status: { $in: [...OPEN_STATUSES] },
    $or: [{ resolveDueAt: { $lt: now } }, { status: CaseStatus.DISPATCHED, dispatchDueAt: { $lt: now } }],
  };
}

/** Its complement, for `overdue: false`: closed one way or another, or open and within every deadline. */
export function notOverdueCondition(now: Date): Record<string, unknown> {
  return {
    $or: [
      { status: { $nin: [...OPEN_STATUSES] } },
      {
        resolveDueAt: { $gte: now },
        $or: [{ status: { $ne: CaseStatus.DISPATCHED } }, { dispatchDueAt: null }, { dispatchDueAt: { $gte: now } }],
      },
    ],
  };
}

const open = literals(OPEN_STATUSES);

/** The overdue test in SQL on a row of cases under `alias`, for reads that write their own statement. */
export function overdueSql(alias: string, now: Date): Fragment {
  const [status, resolveDue, dispatchDue] = ['status', 'resolve_due_at', 'dispatch_due_at'].map((c) =>
    column(alias, c),
  );
  const at = now.toISOString();
  return sql`(${status} in (${open}) and (${resolveDue} < ${at}::timestamptz or (${status} = 'DISPATCHED' and ${dispatchDue} < ${at}::timestamptz)))`;
}

/** Its complement in SQL, as notOverdueCondition reads. */
export function notOverdueSql(alias: string, now: Date): Fragment {
  const [status, resolveDue, dispatchDue] = ['status', 'resolve_due_at', 'dispatch_due_at'].map((c) =>
    column(alias, c),
  );
  const at = now.toISOString();
  return sql`(${status} not in (${open}) or (${resolveDue} >= ${at}::timestamptz and (${status} <> 'DISPATCHED' or ${dispatchDue} is null or ${dispatchDue} >= ${at}::timestamptz)))`;
}
