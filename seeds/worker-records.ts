import { ASSESSMENT_WEIGHTS } from './catalogue';
import { copyLine, Jsonb, RowSink } from './copy';
import { metresBetween, pointIn } from './geo';
import { Rng } from './prng';
import { DAY_MS, endedQuarters, isoDate, isoTime, officeHoursAt } from './time';
import { Workforce, WorkerSeed } from './workers';

const TRAININGS: Record<string, readonly string[]> = {
  EMERGENCY: ['应急救护与心肺复苏培训', '防汛防台风应急处置演练', '消防安全知识培训', '突发事件信息报送培训'],
  HEALTH: ['慢性病随访与健康管理培训', '疫情防控网格化管理培训', '老年人健康服务培训', '严重精神障碍患者社区管理培训'],
  LAW: ['《民法典》与基层矛盾调解', '《个人信息保护法》与数据安全', '人民调解实务培训', '信访工作条例解读'],
  COMPUTER: ['网格化管理平台操作培训', '移动终端信息采集实务', '办公软件应用培训', '事件上报与流转系统培训'],
  SOCIAL_WORK: ['社会工作实务与个案管理', '特殊人群关爱服务技巧', '社区心理疏导基础', '志愿服务组织与管理'],
};
const TOPICS = Object.keys(TRAININGS);

/** Training records, mentor pairs (新老结对), quarterly assessments and patrol tracks of the workforce. */
export async function writeWorkerRecords(
  sink: RowSink,
  workforce: Workforce,
  rng: Rng,
  today: number,
  patrolsPerWorker: number,
): Promise<void> {
  await sink.copy(
    'training_record',
    ['id', 'worker_id', 'topic', 'title', 'completed_on', 'hours'],
    trainings(workforce.workers, rng, today),
  );
  await sink.copy(
    'mentorship',
    ['id', 'mentor_id', 'mentee_id', 'since', 'until'],
    mentorships(workforce.workers, rng, today),
  );
  await sink.copy(
    'assessment',
    [
      'id',
      'worker_id',
      'period',
      'leader_nomination',
      'community_score',
      'street_review',
      'patrol_compliance',
      'satisfaction_spot_check',
      'case_timeliness',
      'total',
    ],
    assessments(workforce.workers, rng, today),
  );
  await sink.copy(
    'patrol_track',
    ['id', 'worker_id', 'grid_id', 'grid_path', 'started_at', 'ended_at', 'distance_meters', 'points'],
    patrols(workforce.workers, rng, today, patrolsPerWorker),
  );
}

function* trainings(workers: WorkerSeed[], rng: Rng, today: number): Generator<string> {
  let id = 0;
  for (const worker of workers) {
    const days = Math.max(1, Math.round((today - worker.startedMs) / DAY_MS));
    for (let n = rng.int(1, 5); n > 0; n--) {
      const topic = rng.pick(TOPICS);
      const completed = today - rng.int(1, days) * DAY_MS;
      yield copyLine([++id, worker.id, topic, rng.pick(TRAININGS[topic]), isoDate(completed), rng.int(4, 32) / 2]);
    }
  }
}

/**
 * Grid workers hired in the last two years are paired with a grid worker of the same community with three
 * years or more, or else with the community's leader.
 */
function* mentorships(workers: WorkerSeed[], rng: Rng, today: number): Generator<string> {
  let id = 0;
  for (const mentee of workers) {
    if (mentee.post !== 'GRID_WORKER' || today - mentee.startedMs > 730 * DAY_MS) continue;
    const mentors = workers.filter(
      (w) => w.community === mentee.community && w.post === 'GRID_WORKER' && today - w.startedMs > 3 * 365 * DAY_MS,
    );
    const mentor = mentors.length
      ? rng.pick(mentors)
      : workers.find((w) => w.community === mentee.community && w.post === 'GRID_LEADER');
    if (!mentor || mentor === mentee) continue;
    const since = mentee.startedMs + rng.int(3, 20) * DAY_MS;
    const until = since + 365 * DAY_MS;
    yield copyLine([
      ++id,
      mentor.id,
      mentee.id,
      isoDate(Math.min(since, today)),
      until < today ? isoDate(until) : null,
    ]);
  }
}

const score = (rng: Rng, mean: number) => Math.round(rng.bell(mean, 8, 40, 100) * 10) / 10;

/** Two ended quarters per grid worker and leader; the total is the weighted sum of the six parts. */
function* assessments(workers: WorkerSeed[], rng: Rng, today: number): Generator<string> {
  let id = 0;
  const periods = endedQuarters(today, 2);
  for (const worker of workers) {
    if (worker.post !== 'GRID_WORKER' && worker.post !== 'GRID_LEADER') continue;
    // Some workers are consistently strong or weak, so the red/black lists are stable across quarters.
    const ability = rng.bell(84, 6, 60, 97);
    for (const { period, endsMs } of periods) {
      if (worker.startedMs > endsMs) continue;
      const parts = {
        leaderNomination: score(rng, ability),
        communityScore: score(rng, ability),
        streetReview: score(rng, ability),
        patrolCompliance: score(rng, ability + 2),
        satisfactionSpotCheck: score(rng, ability + 3),
        caseTimeliness: score(rng, ability - 2),
      };
      const total = (Object.keys(parts) as Array<keyof typeof parts>).reduce(
        (sum, key) => sum + parts[key] * ASSESSMENT_WEIGHTS[key],
        0,
      );
      yield copyLine([
        ++id,
        worker.id,
        period,
        parts.leaderNomination,
        parts.communityScore,
        parts.streetReview,
        parts.patrolCompliance,
        parts.satisfactionSpotCheck,
        parts.caseTimeliness,
        Math.round(total * 100) / 100,
      ]);
    }
  }
}

/** Patrols of the last 60 days: a walk of 6–14 GPS fixes a few minutes apart, inside one leaf of the worker's grids. */
function* patrols(workers: WorkerSeed[], rng: Rng, today: number, perWorker: number): Generator<string> {
  let id = 0;
  for (const worker of workers) {
    if (worker.post !== 'GRID_WORKER') continue;
    const days = Array.from({ length: perWorker }, () => rng.int(1, 60)).sort((a, b) => b - a);
    for (const daysAgo of days) {
      const level3 = rng.pick(worker.grids);
      const grid = level3.children.length ? rng.pick(level3.children) : level3;
      let at = officeHoursAt(today, daysAgo, rng.between(0, 0.8));
      const started = at;
      const points: number[][] = [];
      let metres = 0;
      for (let n = rng.int(6, 14); n > 0; n--) {
        const point = [...pointIn(rng, grid.rect), Math.floor(at / 1000)];
        if (points.length) metres += metresBetween(points[points.length - 1], point);
        points.push(point);
        at += rng.int(2, 6) * 60_000;
      }
      const ended = points[points.length - 1][2] * 1000;
      yield copyLine([
        ++id,
        worker.id,
        grid.id,
        grid.path,
        isoTime(started),
        isoTime(ended),
        Math.round(metres),
        new Jsonb(points),
      ]);
    }
  }
}
