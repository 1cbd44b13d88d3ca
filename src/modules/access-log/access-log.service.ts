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
import type { GraphQLResolveInfo } from 'graphql';
import { compiledPage, CompiledListSpec } from '../common/compiled-page';
import { column, sql } from '../common/compiled-sql';
import { servesDecidedObjects } from '../../policy/compiled-read';

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

/** The log's entries as a compiled read answers them: each with its reader and the reader's department. */
const ENTRIES: CompiledListSpec = {
  type: 'AccessLog',
  relations: {
    actor: { type: 'User', via: 'key', key: 'actorUserId' },
    actorDepartment: { type: 'Department', via: 'key', key: 'actorDepartmentId' },
  },
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
   * The entries unfiltered or filtered by `subject` alone ("who read this record"), newest first, as one
   * compiled statement when the selection and the caller's rules allow it; null means the usual path answers.
   */
  compiledList(info: GraphQLResolveInfo, filter: AccessLogFilter | null, page: PageArgs): Promise<object | null> {
    const given = Object.entries(filter ?? {}).filter(([, value]) => value !== null && value !== undefined);
    if (given.some(([name]) => name !== 'subject') || !servesDecidedObjects(info)) return Promise.resolve(null);
    const subject = filter?.subject ? fromGlobalId(filter.subject, 'filter.subject') : null;
    // The same two forms `aboutSubject` gives the usual path: the one subject of an entry, or one of several.
    const where = subject
      ? (alias: string) =>
          sql`${column(alias, 'entity_type')} = ${subject.typeName} and (${column(alias, 'entity_id')} = ${subject.id} or ${column(alias, 'subject_ids')} @> array[${subject.id}]::int[])`
      : undefined;
    // About one subject, the entries come from its indexes in every monthly partition, not from the id order.
    return compiledPage(this.ctx, info, { ...ENTRIES, where, countOnce: subject !== null }, NEWEST_FIRST, page);
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
