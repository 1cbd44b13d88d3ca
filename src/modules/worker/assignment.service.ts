import { subject } from '@casl/ability';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, notFound } from '../../common/errors';
import { idOfType } from '../../common/global-id';
import { runSql } from '../../db/sql';
import { isCalendarDate } from '../../common/dates';
import type { RequestContext } from '../request-context';
import { Grid } from '../grid/grid.entity';
import { recordWorkerChange, refOf } from '../history/administration-history';
import type { StoredFieldChange } from '../history/change-entry.entity';
import { differences } from '../history/change-recorder';
import { AssignWorkerInput } from './assignment.inputs';
import { AssignmentRole, GridAssignment } from './grid-assignment.entity';
import { Worker } from './worker.entity';

/**
 * Assignments of workers to grids (contract §14): a leader in its community, the district admin anywhere.
 * The principal reads the assignments in force for every request, so a change applies from the next one.
 */
export class AssignmentService {
  constructor(private readonly ctx: RequestContext) {}

  async assignWorker(input: AssignWorkerInput): Promise<GridAssignment> {
    return this.ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      const worker = await em.findOne(Worker, { id: idOfType(input.worker, 'Worker', 'input.worker') });
      if (!worker) throw notFound('Worker', input.worker);
      const grid = await em.findOne(Grid, { id: idOfType(input.grid, 'Grid', 'input.grid') });
      if (!grid) throw badInput('input.grid', `no grid ${input.grid}`);
      if (input.role === AssignmentRole.GRID_WORKER && grid.level < 3)
        throw badInput('input.grid', 'a grid worker is assigned to a level-3 grid or a finer one');
      this.ctx.policy.assertCan(
        'assign',
        subject('GridAssignment', { gridPath: grid.path }),
        `assign workers to ${grid.name}`,
      );
      const { today } = await days(em);
      const validFrom = input.validFrom ?? today;
      if (input.validUntil && input.validUntil < validFrom)
        throw badInput('input.validUntil', 'must not be before validFrom');
      const open = await em.count(GridAssignment, {
        worker,
        grid,
        role: input.role,
        $or: [{ validUntil: null }, { validUntil: { $gte: validFrom } }],
      });
      if (open > 0) throw conflict(`input.grid: the worker already holds this grid in that role from ${validFrom}`);
      const assignment = Object.assign(new GridAssignment(), {
        worker,
        grid,
        role: input.role,
        validFrom,
        validUntil: input.validUntil ?? null,
      });
      em.persist(assignment);
      // The worker is the entry's place (its home community), not a field of GridAssignment.
      const facts = {
        grid: refOf(grid),
        role: input.role,
        validFrom,
        validUntil: input.validUntil ?? null,
      };
      await this.record(em, assignment, 'START', differences({}, facts));
      return assignment;
    });
  }

  /** Ends an assignment; without a last day it ended yesterday, so the grid leaves the scope at once. */
  async endAssignment(id: string, lastDay: string | null): Promise<GridAssignment> {
    if (lastDay !== null && !isCalendarDate(lastDay)) throw badInput('lastDay', 'must be a date YYYY-MM-DD');
    return this.ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      const assignment = await em.findOne(
        GridAssignment,
        { id: idOfType(id, 'GridAssignment') },
        { populate: ['grid', 'worker'] },
      );
      if (!assignment) throw notFound('GridAssignment', id);
      const grid = assignment.grid;
      this.ctx.policy.assertCan(
        'assign',
        subject('GridAssignment', { gridPath: grid.path }),
        `end assignments in ${grid.name}`,
        assignment.id,
      );
      const until = lastDay ?? (await days(em)).yesterday;
      if (assignment.validUntil && assignment.validUntil <= until)
        throw conflict(`GridAssignment ${id} already ended on ${assignment.validUntil}`);
      const changes = differences({ validUntil: assignment.validUntil }, { validUntil: until });
      assignment.validUntil = until;
      await this.record(em, assignment, 'END', changes);
      return assignment;
    });
  }

  private record(em: EntityManager, assignment: GridAssignment, action: string, changes: StoredFieldChange[]) {
    return recordWorkerChange(em, this.ctx, assignment.worker, {
      entityType: 'GridAssignment',
      entity: assignment,
      action,
      changes,
    });
  }
}

async function days(em: EntityManager): Promise<{ today: string; yesterday: string }> {
  const [row] = await runSql<{ today: string; yesterday: string }[]>(
    em,
    'select current_date::text as today, (current_date - 1)::text as yesterday',
  );
  return row;
}
