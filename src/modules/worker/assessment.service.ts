import { subject } from '@casl/ability';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, notFound } from '../../common/errors';
import { idOfType } from '../../common/global-id';
import type { RequestContext } from '../request-context';
import { recordAdministration, recordWorkerChange } from '../history/administration-history';
import { differences } from '../history/change-recorder';
import { User } from '../user/user.entity';
import { computedParts, totalOf } from './assessment-parts';
import { parsePeriod } from './assessment-period';
import { ASSESSMENT_PARTS, AssessmentPartName, AssessmentWeights, STANDING_WEIGHTS } from './assessment-weights.entity';
import { Assessment } from './assessment.entity';
import { AssessmentWeightsInput, RecordAssessmentInput, ReviewAssessmentInput } from './assessment.inputs';
import { Worker } from './worker.entity';

/**
 * Assessments (考核, contract §14): the leader enters nomination and community score, the street admin its
 * review; patrol compliance, case timeliness and satisfaction are computed from the data each time, and the
 * total is weighted by the period's weights. One method per command, one transaction each.
 */
export class AssessmentService {
  constructor(private readonly ctx: RequestContext) {}

  async recordAssessment(input: RecordAssessmentInput): Promise<Assessment> {
    const period = parsePeriod(input.period, 'input.period');
    return this.ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      const worker = await em.findOne(Worker, { id: idOfType(input.worker, 'Worker', 'input.worker') });
      if (!worker) throw notFound('Worker', input.worker);
      const facts = subject('Assessment', { homeGridPath: worker.homeGridPath });
      this.ctx.policy.assertCan('create', facts, `assess ${worker.name}`);
      let assessment = await em.findOne(Assessment, { worker, period: period.name });
      if (assessment) assertVersion(assessment, input.expectedVersion, 'input.expectedVersion');
      const action = assessment ? 'UPDATE' : 'RECORD';
      const before = assessment ? scoresOf(assessment) : {};
      assessment ??= em.create(Assessment, { worker, period: period.name } as Assessment);
      Object.assign(assessment, { leaderNomination: input.leaderNomination, communityScore: input.communityScore });
      await this.recompute(em, assessment);
      await this.record(em, assessment, action, before);
      return assessment;
    });
  }

  async reviewAssessment(input: ReviewAssessmentInput): Promise<Assessment> {
    return this.ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      const id = idOfType(input.assessment, 'Assessment', 'input.assessment');
      const assessment = await em.findOne(Assessment, { id }, { populate: ['worker'] });
      if (!assessment) throw notFound('Assessment', input.assessment);
      const facts = subject('Assessment', { homeGridPath: assessment.worker.homeGridPath });
      this.ctx.policy.assertCan('review', facts, 'review assessments', assessment.id);
      assertVersion(assessment, input.expectedVersion, 'input.expectedVersion');
      const before = scoresOf(assessment);
      assessment.streetReview = input.streetReview;
      await this.recompute(em, assessment);
      await this.record(em, assessment, 'REVIEW', before);
      return assessment;
    });
  }

  /** New weights re-total the period's assessments; a list published before keeps the totals it showed. */
  async setAssessmentWeights(input: AssessmentWeightsInput): Promise<AssessmentWeights> {
    this.ctx.policy.assertCan('manage', 'AssessmentWeights', 'set assessment weights');
    const period = parsePeriod(input.period, 'input.period');
    const sum = ASSESSMENT_PARTS.reduce((total, part) => total + input[part], 0);
    if (Math.abs(sum - 1) > 0.001) throw badInput('input', `the weights add up to ${sum.toFixed(3)}, not 1`);
    return this.ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      const found = await em.findOne(AssessmentWeights, { period: period.name });
      const before = found ? weightsOf(found) : {};
      const weights = found ?? new AssessmentWeights();
      Object.assign(weights, input, {
        setAt: new Date(),
        setBy: em.getReference(User, this.ctx.policy.principal.userId),
      });
      em.persist(weights);
      for (const assessment of await em.find(Assessment, { period: period.name }, { populate: ['worker'] }))
        await this.recompute(em, assessment, weights);
      // The weights lie in no grid: an administrative entry. The assessments re-totalled follow from them.
      await recordAdministration(em, this.ctx, {
        entityType: 'AssessmentWeights',
        entity: weights,
        action: found ? 'UPDATE' : 'CREATE',
        changes: differences(before, weightsOf(weights)),
        basisOf: { type: 'AssessmentWeights', row: weights },
      });
      return weights;
    });
  }

  async weightsOf(em: EntityManager, period: string): Promise<Record<AssessmentPartName, number>> {
    return (await em.findOne(AssessmentWeights, { period })) ?? STANDING_WEIGHTS;
  }

  /** Recorded where the worker is; the computed parts are kept too, as the scores the entry explains. */
  private async record(em: EntityManager, assessment: Assessment, action: string, before: Scores): Promise<void> {
    const changes = differences(before, scoresOf(assessment));
    const entry = { entityType: 'Assessment', entity: assessment, action, changes };
    await recordWorkerChange(em, this.ctx, assessment.worker, entry);
  }

  private async recompute(em: EntityManager, assessment: Assessment, weights?: AssessmentWeights): Promise<void> {
    const period = parsePeriod(assessment.period, 'input.period');
    const computed = await computedParts(em, assessment.worker.id, period);
    const scores = { ...assessment, ...Object.fromEntries(Object.entries(computed).map(([k, v]) => [k, v.score])) };
    const bases = Object.fromEntries(Object.entries(computed).map(([k, v]) => [k, v.basis]));
    const { total, explanation } = totalOf(scores, weights ?? (await this.weightsOf(em, period.name)), bases);
    Object.assign(assessment, {
      patrolCompliance: computed.patrolCompliance.score,
      caseTimeliness: computed.caseTimeliness.score,
      satisfactionSpotCheck: computed.satisfactionSpotCheck.score,
      total,
      explanation,
    });
  }
}

type Scores = Record<string, unknown>;

const SCORE_FIELDS = ['period', ...ASSESSMENT_PARTS, 'total'] as const;

function scoresOf(assessment: Assessment): Scores {
  return Object.fromEntries(SCORE_FIELDS.map((field) => [field, assessment[field] ?? null]));
}

function weightsOf(weights: AssessmentWeights): Scores {
  return Object.fromEntries(['period', ...ASSESSMENT_PARTS].map((field) => [field, weights[field as 'period']]));
}

function assertVersion(assessment: Assessment, expected: number | null | undefined, argumentName: string): void {
  if (expected !== assessment.version)
    throw conflict(`${argumentName}: the assessment is at version ${assessment.version}, not ${expected ?? 'none'}`);
}
