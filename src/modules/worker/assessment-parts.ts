import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '../../db/sql';
import type { AssessmentPart } from './assessment.entity';
import { ASSESSMENT_PARTS, AssessmentPartName } from './assessment-weights.entity';
import type { Period } from './assessment-period';

/** Patrol days a month a worker is expected to walk its grids; compliance is the share of that, capped. */
export const PATROL_DAYS_PER_MONTH = 16;

/** The facts the computed parts come from, for one worker and period, in one statement. */
const FACTS_SQL = `
  select
    (select count(distinct started_at::date) from patrol_track
      where worker_id = ? and started_at >= ?::date and started_at < ?::date) as patrol_days,
    count(*) filter (where resolved_at is not null) as resolved,
    count(*) filter (where resolved_at <= resolve_due_at) as on_time,
    count(satisfaction) filter (where closed_at is not null) as verified,
    avg(satisfaction) filter (where closed_at is not null) as satisfaction
  from cases where handler_id = ? and resolved_at >= ?::date and resolved_at < ?::date`;

interface Facts {
  patrol_days: string;
  resolved: string;
  on_time: string;
  verified: string;
  satisfaction: string | null;
}

export type Scores = Partial<Record<AssessmentPartName, number | null>>;
type Computed = { score: number | null; basis: string };

const round = (n: number) => Math.round(n * 10) / 10;

/** Patrol compliance, case timeliness and satisfaction, each with the facts it was computed from. */
export async function computedParts(
  em: EntityManager,
  workerId: number,
  period: Period,
): Promise<Record<'patrolCompliance' | 'caseTimeliness' | 'satisfactionSpotCheck', Computed>> {
  const range = [period.from, period.until];
  const [facts] = await runSql<Facts[]>(em, FACTS_SQL, [workerId, ...range, workerId, ...range]);
  const target = PATROL_DAYS_PER_MONTH * period.months;
  const days = Number(facts.patrol_days);
  const [resolved, onTime, verified] = [Number(facts.resolved), Number(facts.on_time), Number(facts.verified)];
  return {
    patrolCompliance: {
      score: round(Math.min(100, (100 * days) / target)),
      basis: `patrolled on ${days} of the ${target} days expected (${PATROL_DAYS_PER_MONTH} a month)`,
    },
    caseTimeliness: resolved
      ? { score: round((100 * onTime) / resolved), basis: `${onTime} of ${resolved} cases resolved within their SLA` }
      : { score: null, basis: 'no case resolved in the period' },
    satisfactionSpotCheck: verified
      ? {
          score: round((Number(facts.satisfaction) / 5) * 100),
          basis: `average satisfaction ${Number(facts.satisfaction).toFixed(2)} of 5 in ${verified} verifications`,
        }
      : { score: null, basis: 'no verification with a satisfaction in the period' },
  };
}

const ENTERED_BASIS: Record<string, string> = {
  leaderNomination: "entered by the grid leader (leader's nomination)",
  communityScore: 'entered by the grid leader (community score)',
  streetReview: 'entered by the street admin (street review)',
};

/**
 * The total and its explanation: the weighted mean of the parts known so far, their weights scaled to add
 * up to one, so a part without data (no case resolved) neither rewards nor punishes.
 */
export function totalOf(
  scores: Scores,
  weights: Record<AssessmentPartName, number>,
  bases: Partial<Record<AssessmentPartName, string>>,
): { total: number | null; explanation: AssessmentPart[] } {
  const explanation = ASSESSMENT_PARTS.map((part) => ({
    part,
    score: scores[part] ?? null,
    weight: weights[part],
    basis: scores[part] == null && ENTERED_BASIS[part] ? 'not entered yet' : (bases[part] ?? ENTERED_BASIS[part]),
  }));
  const known = explanation.filter((p) => p.score !== null);
  const weight = known.reduce((sum, p) => sum + p.weight, 0);
  if (known.length === 0 || weight === 0) return { total: null, explanation };
  const total = known.reduce((sum, p) => sum + p.weight * (p.score as number), 0) / weight;
  return { total: Math.round(total * 100) / 100, explanation };
}
