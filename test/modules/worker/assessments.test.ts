import {
  MyAssessmentsDocument,
  PublishRedBlackListDocument,
  RecordAssessmentDocument,
  RedBlackListsDocument,
  ReviewAssessmentDocument,
  SetAssessmentWeightsDocument,
} from '../../generated/graphql';
import { GraphQLResponse, startTestApi, TestApi } from '../../support/api';
import { globalId, scopePath, sql } from '../../support/sql';

const PERIOD = '2026-11';
let api: TestApi;
let street: string;
let workers: { demo: number; others: number[] };

beforeAll(async () => {
  api = await startTestApi();
  const community = await scopePath(api, 'leader.demo');
  const [demo] = await sql<{ id: number }>(api, "select worker_id as id from app_user where username = 'worker.demo'");
  const others = await sql<{ id: number }>(
    api,
    'select id from worker where home_grid_path = $1 and id <> $2 order by id limit 2',
    [community, demo.id],
  );
  workers = { demo: demo.id, others: others.map((w) => w.id) };
  const [row] = await sql<{ id: number }>(
    api,
    "select scope_grid_id as id from app_user where username = 'street.demo'",
  );
  street = globalId('Grid', row.id);
});
afterAll(() => api.close());

const code = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;
interface Part {
  part: string;
  score: number | null;
  weight: number;
  basis: string;
}
const partsOf = (explanation: unknown) => explanation as Part[];
const entry = (worker: number, leaderNomination: number, communityScore: number) => ({
  input: { worker: globalId('Worker', worker), period: PERIOD, leaderNomination, communityScore },
});

describe('assessments and the red/black list', () => {
  it('leader enters, street reviews and publishes, and worker.demo sees its own rank and parts', async () => {
    const leader = await api.login('leader.demo');
    const recorded = await api.request(RecordAssessmentDocument, entry(workers.demo, 96, 94), { token: leader });
    expect(recorded.errors).toBeUndefined();
    const assessment = recorded.data!.recordAssessment;
    expect(partsOf(assessment.explanation).map((p) => p.part)).toHaveLength(6);
    expect(partsOf(assessment.explanation).find((p) => p.part === 'streetReview')?.basis).toBe('not entered yet');
    expect(assessment.patrolCompliance).not.toBeNull();
    for (const [i, worker] of workers.others.entries())
      expect(
        (await api.request(RecordAssessmentDocument, entry(worker, 40 + 20 * i, 50), { token: leader })).errors,
      ).toBeUndefined();
    const review = { assessment: assessment.id, streetReview: 90, expectedVersion: assessment.version! };
    const street = await api.login('street.demo');
    const reviewed = await api.request(ReviewAssessmentDocument, { input: review }, { token: street });
    expect(reviewed.data?.reviewAssessment.streetReview).toBe(90);
    const stale = await api.request(ReviewAssessmentDocument, { input: review }, { token: street });
    expect(code(stale)).toBe('CONFLICT');
    await publishAndRead();
  });

  it('refuses assessment writes to the wrong posts and keeps a published list unchanged', async () => {
    const worker = await api.login('worker.demo');
    expect(code(await api.request(RecordAssessmentDocument, entry(workers.demo, 100, 100), { token: worker }))).toBe(
      'FORBIDDEN',
    );
    const street = await api.login('street.demo');
    expect(code(await api.request(RecordAssessmentDocument, entry(workers.demo, 100, 100), { token: street }))).toBe(
      'FORBIDDEN',
    );
    const [own] = await sql<{ id: number; version: number }>(
      api,
      'select id, version from assessment where worker_id = $1 and period = $2',
      [workers.demo, PERIOD],
    );
    const review = { assessment: globalId('Assessment', own.id), streetReview: 10, expectedVersion: own.version };
    expect(
      code(await api.request(ReviewAssessmentDocument, { input: review }, { token: await api.login('leader.demo') })),
    ).toBe('FORBIDDEN');
    const publish = { input: { street: globalGridOfStreet(), period: PERIOD, size: 1 } };
    expect(
      code(await api.request(PublishRedBlackListDocument, publish, { token: await api.login('leader.demo') })),
    ).toBe('FORBIDDEN');
    expect(code(await api.request(PublishRedBlackListDocument, publish, { token: street }))).toBe('CONFLICT');
    await expect(sql(api, 'update red_black_entry set rank = 1')).rejects.toThrow(/never changes/);
    const center = await api.request(
      RedBlackListsDocument,
      { period: PERIOD },
      { token: await api.login('center.demo') },
    );
    expect(center.data?.redBlackLists).toEqual([]);
  });

  it('lets only the district admin set weights that add up to one, and re-totals the period', async () => {
    const weights = {
      period: PERIOD,
      leaderNomination: 0.5,
      communityScore: 0.1,
      streetReview: 0.1,
      patrolCompliance: 0.1,
      satisfactionSpotCheck: 0.1,
      caseTimeliness: 0.1,
    };
    expect(
      code(
        await api.request(SetAssessmentWeightsDocument, { input: weights }, { token: await api.login('leader.demo') }),
      ),
    ).toBe('FORBIDDEN');
    const admin = await api.login('admin.demo');
    const wrong = await api.request(
      SetAssessmentWeightsDocument,
      { input: { ...weights, leaderNomination: 0.9 } },
      { token: admin },
    );
    expect(code(wrong)).toBe('BAD_USER_INPUT');
    expect(
      (await api.request(SetAssessmentWeightsDocument, { input: weights }, { token: admin })).errors,
    ).toBeUndefined();
    const mine = await api.request(MyAssessmentsDocument, {}, { token: await api.login('worker.demo') });
    const november = mine.data!.me.worker!.assessments!.find((a) => a.period === PERIOD)!;
    const known = partsOf(november.explanation).filter((p) => p.score !== null);
    expect(known.find((p) => p.part === 'leaderNomination')?.weight).toBe(0.5);
    const expected = known.reduce((s, p) => s + p.weight * p.score!, 0) / known.reduce((s, p) => s + p.weight, 0);
    expect(november.total).toBeCloseTo(expected, 1);
  });
});

function globalGridOfStreet(): string {
  return street;
}

async function publishAndRead(): Promise<void> {
  const token = await api.login('street.demo');
  const published = await api.request(
    PublishRedBlackListDocument,
    { input: { street, period: PERIOD, size: 1 } },
    { token },
  );
  expect(published.errors).toBeUndefined();
  const ranking = await sql<{ worker_id: number; total: number }>(
    api,
    'select worker_id, total from assessment where period = $1 and total is not null order by total desc, worker_id',
    [PERIOD],
  );
  const read = await api.request(RedBlackListsDocument, { period: PERIOD }, { token: await api.login('worker.demo') });
  expect(read.errors).toBeUndefined();
  const [list] = read.data!.redBlackLists;
  expect(list.entries?.map((e) => e.side)).toEqual(['RED', 'BLACK']);
  expect(list.entries?.[0].total).toBeCloseTo(ranking[0].total, 2);
  const rank = ranking.findIndex((row) => row.worker_id === workers.demo) + 1;
  expect(list.myPlace?.rank).toBe(rank);
  expect(list.myPlace?.assessment?.streetReview).toBe(90);
  expect(partsOf(list.myPlace?.assessment?.explanation).every((p) => p.basis.length > 0)).toBe(true);
}
