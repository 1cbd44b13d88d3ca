import {
  EndMentorshipDocument,
  MyOwnRecordsDocument,
  PairMentorDocument,
  RecordTrainingDocument,
  WorkerWorkloadDocument,
} from '../../generated/graphql';
import { GraphQLResponse, startTestApi, TestApi } from '../../support/api';
import { globalId, scopePath, sql } from '../../support/sql';

let api: TestApi;
let demo: number;
let colleague: number;
let outsider: number;

beforeAll(async () => {
  api = await startTestApi();
  const community = await scopePath(api, 'leader.demo');
  [{ id: demo }] = await sql<{ id: number }>(
    api,
    "select worker_id as id from app_user where username = 'worker.demo'",
  );
  [{ id: colleague }] = await sql<{ id: number }>(
    api,
    'select id from worker where home_grid_path = $1 and id <> $2 order by id limit 1',
    [community, demo],
  );
  [{ id: outsider }] = await sql<{ id: number }>(
    api,
    'select id from worker where home_grid_path <> $1 order by id limit 1',
    [community],
  );
});
afterAll(() => api.close());

const code = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;
const training = (worker: number) => ({
  input: {
    worker: globalId('Worker', worker),
    topic: 'LAW' as const,
    title: '《个人信息保护法》培训',
    completedOn: '2026-11-20',
    hours: 4,
  },
});

describe('trainings, mentor pairs and a worker’s own records', () => {
  it('records a training and a pair that the worker concerned then reads among its own records', async () => {
    const leader = await api.login('leader.demo');
    const recorded = await api.request(RecordTrainingDocument, training(demo), { token: leader });
    expect(recorded.errors).toBeUndefined();
    await sql(api, 'update mentorship set until = since where mentee_id = $1 and until is null', [demo]);
    const pair = await api.request(
      PairMentorDocument,
      { input: { mentor: globalId('Worker', colleague), mentee: globalId('Worker', demo) } },
      { token: leader },
    );
    expect(pair.errors).toBeUndefined();
    const twice = await api.request(
      PairMentorDocument,
      { input: { mentor: globalId('Worker', colleague), mentee: globalId('Worker', demo) } },
      { token: leader },
    );
    expect(code(twice)).toBe('CONFLICT');
    const own = await api.request(MyOwnRecordsDocument, {}, { token: await api.login('worker.demo') });
    expect(own.errors).toBeUndefined();
    const worker = own.data!.me.worker!;
    expect(worker.trainings?.map((t) => t.id)).toContain(recorded.data!.recordTraining.id);
    expect(worker.mentorships?.map((m) => m.id)).toContain(pair.data!.pairMentor.id);
    const [counts] = await sql<{ patrols: string; assignments: string }>(
      api,
      `select (select count(*) from patrol_track where worker_id = $1) as patrols,
              (select count(*) from grid_assignment where worker_id = $1) as assignments`,
      [demo],
    );
    expect(worker.patrolTracks).toHaveLength(Number(counts.patrols));
    expect(worker.assignments).toHaveLength(Number(counts.assignments));
    // A pairing may end on the day it began (today, whatever day the test runs).
    const since = pair.data!.pairMentor.since;
    const ended = await api.request(
      EndMentorshipDocument,
      { id: pair.data!.pairMentor.id, until: since },
      { token: leader },
    );
    expect(ended.data?.endMentorship.until).toBe(since);
  });

  it('refuses trainings and pairs to the worker, the street, and for workers outside the community', async () => {
    const count = async () =>
      (
        await sql<{ n: string }>(
          api,
          'select (select count(*) from training_record) + (select count(*) from mentorship) as n',
        )
      )[0].n;
    const before = await count();
    for (const username of ['worker.demo', 'street.demo'])
      expect(
        code(await api.request(RecordTrainingDocument, training(demo), { token: await api.login(username) })),
      ).toBe('FORBIDDEN');
    const leader = await api.login('leader.demo');
    expect(code(await api.request(RecordTrainingDocument, training(outsider), { token: leader }))).toBe('NOT_FOUND');
    const foreignPair = { mentor: globalId('Worker', outsider), mentee: globalId('Worker', colleague) };
    expect(code(await api.request(PairMentorDocument, { input: foreignPair }, { token: leader }))).toBe('NOT_FOUND');
    expect(await count()).toBe(before);
  });

  it('gives leaders the workload of their workers, counted in SQL, and refuses it to a worker', async () => {
    const [period] = await sql<{ p: string }>(api, "select to_char(max(started_at), 'YYYY-MM') as p from patrol_track");
    const response = await api.request(
      WorkerWorkloadDocument,
      { period: period.p },
      { token: await api.login('leader.demo') },
    );
    expect(response.errors).toBeUndefined();
    const rows = response.data!.workerWorkload;
    const community = await scopePath(api, 'leader.demo');
    const expected = await sql<{ id: number; patrols: string }>(
      api,
      `select w.id, (select count(*) from patrol_track t where t.worker_id = w.id and to_char(t.started_at, 'YYYY-MM') = $2) as patrols
         from worker w where w.home_grid_path like $1 order by w.id`,
      [`${community}%`, period.p],
    );
    expect(rows.map((r) => [r.worker?.id, r.patrols])).toEqual(
      expected.map((e) => [globalId('Worker', e.id), Number(e.patrols)]),
    );
    expect(rows.some((r) => r.patrols > 0 && r.patrolSeconds > 0)).toBe(true);
    expect(
      code(await api.request(WorkerWorkloadDocument, { period: period.p }, { token: await api.login('worker.demo') })),
    ).toBe('FORBIDDEN');
  });
});
