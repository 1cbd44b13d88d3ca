import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { notifyAboutCase } from '../notification/notification.service';
import type { ChangedCase } from './event-bus';
import type { SlaScheduler } from './sla-scheduler';

/**
 * What follows a committed case change, once, on the instance that made it: the inbox entries of those it
 * concerns, and the SLA warnings of the deadlines it set.
 */
export function caseFollowUps(orm: MikroORM, scheduler: SlaScheduler) {
  return async (kase: ChangedCase, change: string): Promise<void> => {
    const em = orm.em.fork() as EntityManager;
    if (change === 'report') {
      await scheduler.schedule(kase.id, 'ACCEPT', kase.acceptDueAt);
      await scheduler.schedule(kase.id, 'RESOLVE', kase.resolveDueAt);
    }
    if (change === 'dispatch') {
      await notifyAboutCase(em, 'CASE_DISPATCHED', kase.id);
      if (kase.dispatchDueAt) await scheduler.schedule(kase.id, 'DISPATCH', kase.dispatchDueAt);
    }
    if (change === 'assign') await notifyAboutCase(em, 'CASE_ASSIGNED', kase.id);
  };
}
