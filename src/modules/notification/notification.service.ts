import type { EntityManager } from '@mikro-orm/postgresql';
import { idOfType } from '../../common/global-id';
import type { RequestContext } from '../request-context';
import { Notification } from './notification.entity';

const INBOX_SIZE = 100;

/** Who is told of a case event, as SQL over the users in force now: one insert per event, on one instance. */
const RECIPIENTS: Record<string, string> = {
  // The handler's own login.
  CASE_ASSIGNED: `select u.id from app_user u join cases c on c.handler_id = u.worker_id where c.id = ? and u.active`,
  // Every active officer of the department the case was dispatched to.
  CASE_DISPATCHED: `select u.id from app_user u join cases c on c.department_id = u.department_id
                     where c.id = ? and u.active and u.role = 'DEPARTMENT_OFFICER'`,
  // The handler if there is one, else nobody: the live warning still reaches every subscriber in scope.
  SLA_WARNING: `select u.id from app_user u join cases c on c.handler_id = u.worker_id where c.id = ? and u.active`,
};

/** Writes the inbox entries of a case event for its recipients (called once, where the event is made). */
export async function notifyAboutCase(em: EntityManager, kind: keyof typeof RECIPIENTS, caseId: number) {
  await em.getConnection().execute(
    `insert into notification (recipient_id, kind, case_id, created_at)
       select r.id, ?, ?, now() from (${RECIPIENTS[kind]}) r`,
    [kind, caseId, caseId],
  );
}

/** The caller's inbox; the row policy keeps it to the caller's own entries. */
export class NotificationService {
  constructor(private readonly ctx: RequestContext) {}

  list(unreadOnly: boolean): Promise<Notification[]> {
    const where = unreadOnly ? { readAt: null } : {};
    return this.ctx.em.find(Notification, where, { orderBy: { id: 'desc' }, limit: INBOX_SIZE });
  }

  /** Marks the named entries read; ids of others' entries match nothing. Answers how many were marked. */
  async markRead(ids: string[]): Promise<number> {
    const wanted = ids.map((id) => idOfType(id, 'Notification', 'ids'));
    const rows = await this.ctx.em.find(Notification, { id: { $in: wanted }, readAt: null });
    const now = new Date();
    for (const row of rows) row.readAt = now;
    await this.ctx.em.flush();
    return rows.length;
  }
}
