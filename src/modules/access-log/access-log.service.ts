import { fromGlobalId, idOfType, toGlobalId } from '../../common/global-id';
import { OrderDirection, Page, PageArgs } from '../../common/relay';
import type { RequestContext } from '../request-context';
import { badInput } from '../../common/errors';
import { ListSpec, listPage } from '../common/list-page';
import { sealKey } from '../../audit/access-log-seal';
import { aboutSubject } from '../../policy/conditions';
import { AccessLog } from './access-log.entity';
import { checkSeals } from './seal-check';
import { verifyChains } from './chain-check';
import { AccessLogFilter, AccessLogVerification } from './access-log.inputs';

const NEWEST_FIRST = { field: 'id', direction: OrderDirection.DESC };
const BASIS_FAMILIES = new Set(['ROLE_SCOPE', 'SELF', 'DELEGATION', 'EMERGENCY']);

/** Reviews of the access log: lists under the caller's scope, and integrity checks of the chain. */
/** The entry field each filter argument reads. */
const LOG_FILTER_FIELDS: Partial<Record<keyof AccessLogFilter, string>> = {
  actor: 'actor',
  role: 'actorRole',
  department: 'actorDepartment',
  entityType: 'entityType',
  field: 'fields',
  outcome: 'outcome',
  action: 'action',
  basis: 'basis',
  delegation: 'basis',
  purpose: 'purpose',
  from: 'occurredAt',
  to: 'occurredAt',
};

export class AccessLogService {
  constructor(private readonly ctx: RequestContext) {}

  list(filter: AccessLogFilter | null, page: PageArgs): Promise<Page<AccessLog>> {
    const spec: ListSpec<AccessLog, AccessLogFilter> = {
      type: 'AccessLog',
      entity: AccessLog,
      // Narrowing by an argument reads the entry field behind it: a resident, who sees readers' posts but
      // never their persons, cannot find out who read by filtering on an actor.
      filterFields: LOG_FILTER_FIELDS,
      where: (f) => this.filterQuery(f),
    };
    return listPage(this.ctx.em, this.ctx.policy, spec, { filter, order: NEWEST_FIRST, page });
  }

  /**
   * Recomputes every chain over [from, to) in the database, where the entries are (in batches: chain-check.ts),
   * then checks the signed checkpoints of the period here, where the key is.
   */
  async verify(from: Date, to: Date): Promise<AccessLogVerification> {
    this.ctx.policy.assertCan('review', 'AccessLog', 'verify the access log');
    if (to <= from) throw badInput('to', 'must be after from');
    const chains = await verifyChains(this.ctx.em, from, to);
    const seals = chains.ok ? await checkSeals(this.ctx.em, sealKey(this.ctx.config), from, to) : null;
    const badId = chains.ok ? (seals?.failure?.entryId ?? null) : chains.firstBadId;
    return {
      ok: chains.ok && !seals?.failure,
      checked: chains.checked,
      checkpointsChecked: seals?.checked ?? 0,
      firstBadEntry: badId ? toGlobalId('AccessLog', badId) : null,
      problem: chains.ok ? (seals?.failure?.problem ?? null) : chains.problem,
    };
  }

  /** The filter of the accessLogs query as a MikroORM condition, shared with the export route. */
  filterQuery(filter: AccessLogFilter): Record<string, unknown> {
    const where: Record<string, unknown> = {};
    if (filter.actor) where.actorUserId = idOfType(filter.actor, 'User', 'filter.actor');
    if (filter.role) where.actorRole = filter.role;
    if (filter.department) where.actorDepartmentId = idOfType(filter.department, 'Department', 'filter.department');
    if (filter.subject) {
      const subject = fromGlobalId(filter.subject, 'filter.subject');
      where.$or = aboutSubject(subject.typeName, subject.id);
    }
    if (filter.entityType) where.entityType = filter.entityType;
    if (filter.field) where.fields = { $contains: [filter.field] };
    if (filter.outcome) where.outcome = filter.outcome;
    if (filter.action) where.action = filter.action;
    if (filter.basis) where.basis = BASIS_FAMILIES.has(filter.basis) ? { $like: `${filter.basis}%` } : filter.basis;
    if (filter.purpose) where.purpose = filter.purpose;
    if (filter.delegation) where.basis = `DELEGATION:${idOfType(filter.delegation, 'Delegation', 'filter.delegation')}`;
    if (filter.from || filter.to)
      where.occurredAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    return where;
  }
}
