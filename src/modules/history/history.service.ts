import { subject } from '@casl/ability';
import { idOfType } from '../../common/global-id';
import { badInput } from '../../common/errors';
import type { RequestContext } from '../request-context';
import { Resident } from '../resident/resident.entity';
import { ChangeEntry } from './change-entry.entity';
import { ChangeFeed, SyncItem, SyncKind } from './history.types';

const CREATING = new Set(['REGISTER', 'START', 'RECORD', 'CREATE', 'PUBLISH']);
const LEAVING = new Set(['MOVE', 'MOVE_OUT']);
const CURSOR = /^c(\d{1,18})$/;

/** Reads of the change history: a resident's entries, and the changes in the caller's scope since a cursor. */
export class HistoryService {
  constructor(private readonly ctx: RequestContext) {}

  /** The resident's entries the caller may read (the row policy keeps the rest out), oldest first. */
  ofResident(resident: Resident): Promise<ChangeEntry[]> {
    return this.ctx.loaders
      .custom<number, ChangeEntry[]>('history.ofResident', async (ids) => {
        const where = { residentId: { $in: [...ids] } };
        const rows = await this.ctx.em.find(ChangeEntry, where, { orderBy: { id: 'asc' } });
        return ids.map((id) => rows.filter((row) => row.residentId === id));
      })
      .load(resident.id);
  }

  /**
   * Changes in the caller's scope after the cursor, oldest first, one page. A move that took a record out
   * of the caller's scope (or out of the district) is REMOVED for it, so an offline copy drops the record.
   */
  async since(cursor: string | null, first: number, residentId: string | null): Promise<ChangeFeed> {
    const after = cursor ? cursorValue(cursor) : '0';
    const where: Record<string, unknown> = { id: { $gt: after } };
    if (residentId) where.residentId = idOfType(residentId, 'Resident', 'resident');
    const rows = await this.ctx.em.find(ChangeEntry, where, { orderBy: { id: 'asc' }, limit: first + 1 });
    const page = rows.slice(0, first);
    const items = await Promise.all(page.map((entry) => this.itemOf(entry)));
    return Object.assign(new ChangeFeed(), {
      items,
      cursor: page.length > 0 ? cursorOf(page[page.length - 1]) : (cursor ?? null),
      hasMore: rows.length > first,
      count: items.length,
    });
  }

  private async itemOf(entry: ChangeEntry): Promise<SyncItem> {
    const kind = this.kindOf(entry);
    const resident =
      kind !== SyncKind.REMOVED && entry.residentId
        ? await this.ctx.loaders.byId(Resident).load(entry.residentId)
        : null;
    return Object.assign(new SyncItem(), { kind, entry, resident, cursor: cursorOf(entry) });
  }

  private kindOf(entry: ChangeEntry): SyncKind {
    if (LEAVING.has(entry.action) && !this.seesWhereItIsNow(entry)) return SyncKind.REMOVED;
    return CREATING.has(entry.action) ? SyncKind.CREATED : SyncKind.UPDATED;
  }

  /** Whether the caller's rules still cover the resident where the change left them. */
  private seesWhereItIsNow(entry: ChangeEntry): boolean {
    if (entry.action === 'MOVE_OUT') return false;
    return this.ctx.policy.can('view', subject('Resident', { id: entry.residentId, gridPath: entry.gridPath }));
  }
}

function cursorOf(entry: ChangeEntry): string {
  return `c${entry.id}`;
}

function cursorValue(cursor: string): string {
  const match = CURSOR.exec(cursor);
  if (!match) throw badInput('since', `"${cursor}" is not a cursor this API gave`);
  return match[1];
}
