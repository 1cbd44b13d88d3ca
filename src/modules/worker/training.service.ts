import { subject } from '@casl/ability';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isCalendarDate } from '../../common/dates';
import { badInput, conflict, notFound } from '../../common/errors';
import { idOfType } from '../../common/global-id';
import { runSql } from '../../db/sql';
import { recordWorkerChange, refOf } from '../history/administration-history';
import { differences } from '../history/change-recorder';
import type { RequestContext } from '../request-context';
import { Mentorship } from './mentorship.entity';
import { TrainingRecord } from './training-record.entity';
import { PairMentorInput, RecordTrainingInput } from './training.inputs';
import { Worker } from './worker.entity';

/** Trainings and mentor pairs (新老结对), recorded by the leader of the workers' community (contract §14). */
export class TrainingService {
  constructor(private readonly ctx: RequestContext) {}

  async recordTraining(input: RecordTrainingInput): Promise<TrainingRecord> {
    return this.ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      const worker = await this.workerOf(em, input.worker, 'input.worker', 'TrainingRecord');
      const { worker: _id, ...fields } = input;
      const record = em.create(TrainingRecord, { ...fields, worker } as TrainingRecord);
      const changes = differences({}, fields as Record<string, unknown>);
      await recordWorkerChange(em, this.ctx, worker, {
        entityType: 'TrainingRecord',
        entity: record,
        action: 'RECORD',
        changes,
      });
      return record;
    });
  }

  async pairMentor(input: PairMentorInput): Promise<Mentorship> {
    if (input.mentor === input.mentee) throw badInput('input.mentee', 'a worker is not its own mentor');
    return this.ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      const mentor = await this.workerOf(em, input.mentor, 'input.mentor', 'Mentorship');
      const mentee = await this.workerOf(em, input.mentee, 'input.mentee', 'Mentorship');
      if (await em.count(Mentorship, { mentee, until: null }))
        throw conflict('input.mentee: the worker already has a mentor; end that pair first');
      const since = input.since ?? (await today(em));
      const pair = em.create(Mentorship, { mentor, mentee, since, until: null } as Mentorship);
      const changes = differences({}, { mentor: refOf(mentor), mentee: refOf(mentee), since });
      // A pair is the mentee's record (its row anchor), so it is recorded where the mentee is.
      await recordWorkerChange(em, this.ctx, mentee, {
        entityType: 'Mentorship',
        entity: pair,
        action: 'START',
        changes,
      });
      return pair;
    });
  }

  async endMentorship(id: string, until: string | null): Promise<Mentorship> {
    if (until !== null && !isCalendarDate(until)) throw badInput('until', 'must be a date YYYY-MM-DD');
    return this.ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      const pair = await em.findOne(Mentorship, { id: idOfType(id, 'Mentorship') }, { populate: ['mentee'] });
      if (!pair) throw notFound('Mentorship', id);
      const facts = subject('Mentorship', { homeGridPath: pair.mentee.homeGridPath });
      this.ctx.policy.assertCan('update', facts, 'end mentor pairs', pair.id);
      if (pair.until) throw conflict(`Mentorship ${id} already ended on ${pair.until}`);
      const last = until ?? (await today(em));
      if (last < pair.since) throw badInput('until', 'must not be before the pairing began');
      pair.until = last;
      const changes = [{ field: 'until', old: null, new: last }];
      await recordWorkerChange(em, this.ctx, pair.mentee, {
        entityType: 'Mentorship',
        entity: pair,
        action: 'END',
        changes,
      });
      return pair;
    });
  }

  /** A worker of the caller's community: out of sight is NOT_FOUND, in sight but not the leader's is FORBIDDEN. */
  private async workerOf(em: EntityManager, id: string, argumentName: string, type: 'TrainingRecord' | 'Mentorship') {
    const worker = await em.findOne(Worker, { id: idOfType(id, 'Worker', argumentName) });
    if (!worker) throw notFound('Worker', id);
    const facts = subject(type, { homeGridPath: worker.homeGridPath });
    this.ctx.policy.assertCan('create', facts, `record ${type === 'Mentorship' ? 'mentor pairs' : 'trainings'}`);
    return worker;
  }
}

async function today(em: EntityManager): Promise<string> {
  const [row] = await runSql<{ today: string }[]>(em, 'select current_date::text as today');
  return row.today;
}
