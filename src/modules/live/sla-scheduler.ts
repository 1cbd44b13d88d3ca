import type { MikroORM } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import { logOutage } from '../../db/outage';
import { underStartupLock } from '../../db/startup-lock';
import { withoutRowPolicy } from '../../policy/row-filter';
import { Case } from '../case/case.entity';
import { CaseStatus } from '../case/case.enums';
import { notifyAboutCase } from '../notification/notification.service';
import { publishLive } from './event-bus';

const QUEUE = 'sla-warning';

export type DeadlineKind = 'ACCEPT' | 'RESOLVE' | 'DISPATCH';

interface WarningJob {
  caseId: number;
  deadlineKind: DeadlineKind;
  deadline: string;
}

const FINISHED = new Set<string>([CaseStatus.RESOLVED, CaseStatus.CLOSED, CaseStatus.REJECTED]);

/** Whether a warning still stands when its time comes: the case may have moved on or its deadline changed. */
function stillDue(kase: Case, job: WarningJob): boolean {
  const deadline = new Date(job.deadline).getTime();
  if (deadline <= Date.now()) return false;
  switch (job.deadlineKind) {
    case 'ACCEPT':
      return kase.status === CaseStatus.REPORTED && kase.acceptDueAt.getTime() === deadline;
    case 'RESOLVE':
      return !FINISHED.has(kase.status) && kase.resolveDueAt.getTime() === deadline;
    case 'DISPATCH':
      return kase.status === CaseStatus.DISPATCHED && kase.dispatchDueAt?.getTime() === deadline;
  }
}

/**
 * SLA warnings (contract §15) as jobs in a PostgreSQL-backed queue (pg-boss): each deadline of a case is one
 * job due a lead time before it, kept in the database, so it survives restarts; every instance works the
 * queue and each job is taken by exactly one of them (SKIP LOCKED), so a warning is made once.
 */
export class SlaScheduler {
  private constructor(
    private readonly boss: PgBoss,
    private readonly orm: MikroORM,
    private readonly leadMs: number,
  ) {}

  static async start(orm: MikroORM, databaseUrl: string, leadMinutes: number): Promise<SlaScheduler> {
    const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 2, schedule: false });
    // The queue's errors are the database's (its connections are to it): logged as its outage, once per interval.
    boss.on('error', (error) => logOutage('database outage (database unreachable)', `job queue: ${error.message}`));
    // Instances starting together set the queue up in turn: pg-boss's own set-up deadlocks when run twice at once.
    await underStartupLock(databaseUrl, 5000, async () => {
      await boss.start();
      await boss.createQueue(QUEUE);
    });
    const scheduler = new SlaScheduler(boss, orm, leadMinutes * 60_000);
    await boss.work<WarningJob>(QUEUE, { pollingIntervalSeconds: 1 }, (jobs) => scheduler.warnAll(jobs));
    return scheduler;
  }

  /** Schedules a warning for a deadline; one job per case, kind and deadline however often it is asked. */
  async schedule(caseId: number, deadlineKind: DeadlineKind, deadline: Date): Promise<void> {
    const startAfter = new Date(Math.max(Date.now(), deadline.getTime() - this.leadMs));
    const data: WarningJob = { caseId, deadlineKind, deadline: deadline.toISOString() };
    await this.boss.send(QUEUE, data, { startAfter, singletonKey: `${caseId}:${deadlineKind}:${data.deadline}` });
  }

  private async warnAll(jobs: PgBoss.Job<WarningJob>[]): Promise<void> {
    for (const job of jobs) await this.warn(job.data);
  }

  /** A system read: the warning is about the case, and each subscriber's own policy decides what it sees. */
  private async warn(job: WarningJob): Promise<void> {
    const em = this.orm.em.fork();
    const kase = await em.findOne(Case, { id: job.caseId }, withoutRowPolicy());
    if (!kase || !stillDue(kase, job)) return;
    await notifyAboutCase(em, 'SLA_WARNING', kase.id);
    publishLive({ kind: 'sla', gridPath: kase.gridPath, ...job });
  }

  stop(): Promise<void> {
    return this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
