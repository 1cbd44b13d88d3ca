import { subject } from '@casl/ability';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { badInput, conflict, notFound } from '../../common/errors';
import { idOfType } from '../../common/global-id';
import { runSql } from '../../db/sql';
import type { RequestContext } from '../request-context';
import { Grid } from '../grid/grid.entity';
import type { StoredFieldChange } from '../history/change-entry.entity';
import { recordWorkerChange, refOf } from '../history/administration-history';
import { differences } from '../history/change-recorder';
import { AppendPatrolPointsInput, StartPatrolInput } from './patrol.inputs';
import { PatrolTrack } from './patrol-track.entity';
import { SUMMARISE_PATROL, STORE_BATCH } from './patrol.sql';
import { Worker } from './worker.entity';

/** "/1/4/27/120/" → "/1/4/%": the street a patrol's grids are looked for in. */
const streetPattern = (path: string) => `/${path.split('/').filter(Boolean).slice(0, 2).join('/')}/%`;

/**
 * A worker's own patrols (contract §14): started, fed with batches of GPS fixes (idempotent by client key
 * and sequence), ended. Distance, duration and grids covered are computed in SQL from the stored batches.
 */
export class PatrolService {
  constructor(private readonly ctx: RequestContext) {}

  async startPatrol(input: StartPatrolInput): Promise<PatrolTrack> {
    const workerId = this.ownWorkerId();
    this.ctx.policy.assertCan('create', subject('PatrolTrack', { worker: workerId }), 'record patrols');
    const earlier = await this.ctx.em.findOne(PatrolTrack, { worker: workerId, clientKey: input.clientKey });
    if (earlier) return earlier;
    const grid = await this.ctx.em.findOne(Grid, { id: idOfType(input.grid, 'Grid', 'input.grid') });
    const inScope = grid && this.ctx.policy.principal.scopePaths.some((path) => grid.path.startsWith(path));
    if (!grid || !inScope) throw badInput('input.grid', 'must be one of your own grids');
    try {
      return await this.ctx.em.transactional(async (tx) => {
        const em = tx as EntityManager;
        const track = Object.assign(new PatrolTrack(), {
          worker: em.getReference(Worker, workerId),
          grid,
          gridPath: grid.path,
          clientKey: input.clientKey,
          startedAt: input.startedAt ?? new Date(),
          distanceMeters: 0,
          points: [],
        });
        em.persist(track);
        const facts = { grid: refOf(grid), startedAt: track.startedAt.toISOString() };
        await this.record(em, track, 'START', differences({}, facts));
        return track;
      });
    } catch (error) {
      // Two retries raced past the lookup: the unique key let one in, and that one is the answer.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      return await this.ctx.em.fork().findOneOrFail(PatrolTrack, { worker: workerId, clientKey: input.clientKey });
    }
  }

  async appendPatrolPoints(input: AppendPatrolPointsInput): Promise<PatrolTrack> {
    input.points.forEach((point, i) => checkFix(point, `input.points[${i}]`));
    return this.ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      const track = await this.ownTrack(em, input.patrol, 'add points to this patrol');
      if (track.endedAt) throw conflict(`PatrolTrack ${input.patrol} has ended; it takes no more points`);
      await runSql(em, STORE_BATCH, [track.id, input.sequence, JSON.stringify(input.points)]);
      await runSql(em, SUMMARISE_PATROL, [track.id, streetPattern(track.gridPath), track.id]);
      await em.refresh(track);
      return track;
    });
  }

  /** Ending twice answers with the ended track: the app may retry. */
  async endPatrol(id: string, endedAt: Date | null): Promise<PatrolTrack> {
    return this.ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      const track = await this.ownTrack(em, id, 'end this patrol');
      if (track.endedAt) return track;
      const end = endedAt ?? new Date();
      if (end < track.startedAt) throw badInput('endedAt', 'must not be before the start of the patrol');
      track.endedAt = end;
      await this.record(em, track, 'END', [{ field: 'endedAt', old: null, new: end.toISOString() }]);
      await em.flush();
      await em.refresh(track);
      return track;
    });
  }

  /**
   * Starting and ending a patrol are recorded; the batches of GPS fixes in between are not: they arrive
   * every few seconds, are idempotent copies of what the track itself keeps (points, distance, grids
   * covered), and an entry per batch would bury the patrol's history under its own fixes.
   */
  private record(em: EntityManager, track: PatrolTrack, action: string, changes: StoredFieldChange[]) {
    // Only the worker itself writes its patrols (policy), so its home community is the caller's.
    const worker = { homeGridPath: this.ctx.policy.principal.homeGridPath ?? '/none/' };
    return recordWorkerChange(em, this.ctx, worker, { entityType: 'PatrolTrack', entity: track, action, changes });
  }

  private async ownTrack(em: EntityManager, id: string, what: string): Promise<PatrolTrack> {
    // The row policy shows a worker its own patrols only: anyone else's is not found.
    const track = await em.findOne(PatrolTrack, { id: idOfType(id, 'PatrolTrack', 'input.patrol') });
    if (!track) throw notFound('PatrolTrack', id);
    this.ctx.policy.assertCan('update', subject('PatrolTrack', { worker: track.worker.id }), what, track.id);
    return track;
  }

  private ownWorkerId(): number {
    const workerId = this.ctx.policy.principal.workerId;
    if (workerId === null)
      throw this.ctx.policy.refusal('create', 'PatrolTrack', 'record patrols: it has no worker record');
    return workerId;
  }
}

function checkFix(point: number[], argumentName: string): void {
  const [lng, lat, t] = point;
  if (point.length !== 3 || ![lng, lat, t].every(Number.isFinite))
    throw badInput(argumentName, 'must be [lng, lat, epochSeconds]');
  if (lng < -180 || lng > 180 || lat < -90 || lat > 90) throw badInput(argumentName, 'lies outside the globe');
  if (t < 946684800 || t > 32503680000) throw badInput(argumentName, 'has an impossible time');
}
