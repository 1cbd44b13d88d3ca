import { subject } from '@casl/ability';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { OrderDirection, Page, PageArgs } from '../../common/relay';
import { findPage } from '../../db/paginate';
import type { RequestContext } from '../request-context';
import { RecordRead } from './access-log-review.types';
import { AccessLog } from './access-log.entity';
import { noteLogRead } from './review-audit';
import { aboutSubject } from '../../policy/conditions';

/** The columns of an entry a resident is shown; never who the reader was, nor from where. */
const SHOWN = ['occurredAt', 'actorRole', 'actorDepartment', 'action', 'outcome', 'purpose', 'fields'];

/** A resident's own "who read my record" view (contract §8): the posts that read it, never the people. */
export class RecordReadService {
  constructor(private readonly ctx: RequestContext) {}

  async whoReadMyRecord(page: PageArgs): Promise<Page<RecordRead>> {
    const policy = this.ctx.policy;
    const { residentId, userId } = policy.principal;
    // The entries about one's own resident record: posts without one, or whose rules give other entries, get none.
    const what = 'see who read a resident record of its own';
    if (residentId === null) throw policy.refusal('view', 'AccessLog', what);
    policy.assertCan(
      'view',
      subject('AccessLog', { entityType: 'Resident', entityId: residentId, subjectIds: null }),
      what,
    );
    // The resident's own look at their record is not news to them.
    const byOthers = {
      $and: [
        { $or: aboutSubject('Resident', residentId) },
        { $or: [{ actorUserId: null }, { actorUserId: { $ne: userId } }] },
      ],
    };
    const where = policy.scoped('AccessLog', byOthers) as FilterQuery<AccessLog>;
    const entries = await findPage(
      this.ctx.em,
      AccessLog,
      where,
      { field: 'occurredAt', direction: OrderDirection.DESC },
      page,
    );
    noteLogRead(
      this.ctx,
      entries.edges.map((edge) => edge.node),
      SHOWN,
    );
    return { ...entries, edges: entries.edges.map(({ node, cursor }) => ({ node: recordRead(node), cursor })) };
  }
}

function recordRead(entry: AccessLog): RecordRead {
  return Object.assign(new RecordRead(), {
    occurredAt: entry.occurredAt,
    role: entry.actorRole ?? null,
    departmentId: entry.actorDepartmentId ?? null,
    action: entry.action,
    outcome: entry.outcome,
    purpose: entry.purpose ?? null,
    fields: entry.fields,
  });
}
