import { idOfType } from '../../common/global-id';
import { OrderDirection, Page, PageArgs } from '../../common/relay';
import { notFound } from '../../common/errors';
import type { RequestContext } from '../request-context';
import { ListSpec, listPage } from '../common/list-page';
import { Grid } from '../grid/grid.entity';
import { escapeLike, GridService } from '../grid/grid.service';
import { Resident } from '../resident/resident.entity';
import { SpecialCategory } from '../resident/special-category.entity';
import { Assessment } from './assessment.entity';
import { GridAssignment } from './grid-assignment.entity';
import { Mentorship } from './mentorship.entity';
import { PatrolTrack } from './patrol-track.entity';
import { TrainingRecord } from './training-record.entity';
import { Visit } from './visit.entity';
import { Worker } from './worker.entity';
import { WorkerFilter } from './worker.inputs';

/**
 * Which worker field each filter argument reads. The grid filter narrows by the home grid, which is no
 * field of its own: it tells where a worker works, what `assignments` says, so it needs that field.
 */
const FILTER_FIELDS: Record<keyof WorkerFilter, string> = {
  nameContains: 'name',
  grid: 'assignments',
};

/** Workers in the order they were registered; clients choose no other. */
const BY_ID = { field: 'id', direction: OrderDirection.ASC };

/** Reads of grid workers and their records (assignments, trainings, assessments, patrols, visits, pairs). */
export class WorkerService {
  constructor(private readonly ctx: RequestContext) {}

  list(filter: WorkerFilter | null, page: PageArgs): Promise<Page<Worker>> {
    return listPage(this.ctx.em, this.ctx.policy, this.listSpec(), { filter, order: BY_ID, page });
  }

  async get(id: string): Promise<Worker> {
    const worker = await this.byId(idOfType(id, 'Worker'));
    if (!worker) throw notFound('Worker', id);
    return worker;
  }

  /** A worker referred to by another row; null when the caller may not see the worker. */
  byId(id: number): Promise<Worker | null> {
    return this.ctx.loaders.byId(Worker).load(id);
  }

  assignments(worker: Worker): Promise<GridAssignment[]> {
    return this.ctx.loaders.manyBy(GridAssignment, 'worker').load(worker.id);
  }

  assignedGrid(assignment: GridAssignment): Promise<Grid | null> {
    return this.ctx.loaders.byId(Grid).load(assignment.grid.id);
  }

  trainings(worker: Worker): Promise<TrainingRecord[]> {
    return this.ctx.loaders.manyBy(TrainingRecord, 'worker', { completedOn: 'desc' }).load(worker.id);
  }

  assessments(worker: Worker): Promise<Assessment[]> {
    return this.ctx.loaders.manyBy(Assessment, 'worker', { period: 'desc' }).load(worker.id);
  }

  patrolTracks(worker: Worker): Promise<PatrolTrack[]> {
    return this.ctx.loaders.manyBy(PatrolTrack, 'worker', { startedAt: 'desc', id: 'desc' }).load(worker.id);
  }

  /** Pairs the worker is in, as mentor first, then as mentee. */
  async mentorships(worker: Worker): Promise<Mentorship[]> {
    const [asMentor, asMentee] = await Promise.all([
      this.ctx.loaders.manyBy(Mentorship, 'mentor').load(worker.id),
      this.ctx.loaders.manyBy(Mentorship, 'mentee').load(worker.id),
    ]);
    return [...asMentor, ...asMentee];
  }

  visitsTo(resident: Resident): Promise<Visit[]> {
    return this.ctx.loaders.manyBy(Visit, 'resident', { visitedAt: 'desc', id: 'desc' }).load(resident.id);
  }

  async visitCategory(visit: Visit): Promise<SpecialCategory | null> {
    return visit.category ? this.ctx.loaders.byId(SpecialCategory).load(visit.category.id) : null;
  }

  private listSpec(): ListSpec<Worker, WorkerFilter> {
    return { type: 'Worker', entity: Worker, filterFields: FILTER_FIELDS, where: (f) => this.filterQuery(f) };
  }

  private async filterQuery(filter: WorkerFilter): Promise<Record<string, unknown>> {
    const where: Record<string, unknown> = {};
    if (filter.nameContains) where.name = { $like: `%${escapeLike(filter.nameContains)}%` };
    if (filter.grid)
      where.homeGridPath = { $like: `${await new GridService(this.ctx).subtreePath(filter.grid, 'filter.grid')}%` };
    return where;
  }
}
