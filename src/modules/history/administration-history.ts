import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubjectType } from '../../policy/ability';
import type { RequestContext } from '../request-context';
import { actorOf } from '../resident/write-support';
import type { StoredFieldChange } from './change-entry.entity';
import { recordChange } from './change-recorder';

import { ADMINISTRATION_PATH } from '../../policy/write-rules';

/** One administrative write of one entity, for the change history. */
export interface AdministrativeChange {
  entityType: string;
  /** The entity changed; a new one gets its id from the flush before the entry is written. */
  entity: { id: number };
  /**
   * Where the entity lies (the grid, the worker's home community). None: an administrative entry, read by
   * the district admin and the privacy officer (policy: `administrationHistoryReads`).
   */
  gridPath?: string | null;
  action: string;
  changes: StoredFieldChange[];
  /** The row the write was allowed on: its view rule names the basis, as the registry's entries do. */
  basisOf: { type: SubjectType; row: object };
}

/**
 * Records an administrative write in the transaction that makes it: the pending changes are flushed first
 * (a new entity needs its id), then the entry is persisted with them, so a failed command leaves neither.
 */
export async function recordAdministration(
  em: EntityManager,
  ctx: RequestContext,
  change: AdministrativeChange,
): Promise<void> {
  await em.flush();
  recordChange(em, actorOf(ctx.policy.principal), {
    entityType: change.entityType,
    entityId: change.entity.id,
    gridPath: change.gridPath ?? ADMINISTRATION_PATH,
    action: change.action,
    basis: ctx.policy.explainRow(change.basisOf.type, change.basisOf.row).basis,
    changes: change.changes,
  });
}

/**
 * A worker's record (assignment, patrol, assessment, training, pair) is recorded where the worker is: its
 * home community, the Worker's row anchor. So the entry is read by the posts that read the worker (its
 * leader, the street, the district), never by a colleague whose grids lie inside that community.
 */
export function recordWorkerChange(
  em: EntityManager,
  ctx: RequestContext,
  worker: { homeGridPath: string },
  change: Omit<AdministrativeChange, 'gridPath' | 'basisOf'>,
): Promise<void> {
  const basisOf = { type: 'Worker' as const, row: { homeGridPath: worker.homeGridPath } };
  return recordAdministration(em, ctx, { ...change, gridPath: worker.homeGridPath, basisOf });
}

/** A relation as the history stores it: the global id of the related node, or null. */
export function refOf(node: { globalId: string } | null | undefined): string | null {
  return node ? node.globalId : null;
}
