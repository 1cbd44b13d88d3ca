import {
  AccessLogAnomaliesDocument,
  CloseEmergencyAccessDocument,
  EmergencyAccessesToReviewDocument,
  OpenEmergencyAccessDocument,
  ResidentFieldsDocument,
  ReviewEmergencyAccessDocument,
} from '../../generated/graphql';
import { Fixtures, loadFixtures, residentId } from '../../policy/fixtures';
import { startTestApi, TestApi } from '../../support/api';
import { appendEntries, DemoUser, demoUser, minutesAfter, residentIds, shanghaiTime } from './review-support';

let api: TestApi;
let fixtures: Fixtures;
let worker: DemoUser;
let leader: DemoUser;
let subjects: number[];
beforeAll(async () => {
  api = await startTestApi();
  fixtures = await loadFixtures(api);
  worker = await demoUser(api, 'worker.demo');
  leader = await demoUser(api, 'leader.demo');
  subjects = await residentIds(api, 60);
});
afterAll(() => api.close());

async function anomalies(from: Date, to: Date) {
  const response = await api.request(
    AccessLogAnomaliesDocument,
    { from: from.toISOString(), to: to.toISOString() },
    { token: await api.login('privacy.demo') },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.accessLogAnomalies;
}

/** Reads of `count` distinct residents, one every `seconds`, from `start`. */
const reads = (actor: DemoUser, start: Date, count: number, seconds: number, outcome: 'FULL' | 'DENIED' = 'FULL') =>
  subjects
    .slice(0, count)
    .map((entityId, i) => ({ actor, at: new Date(start.getTime() + i * seconds * 1000), entityId, outcome }));

describe('anomaly flags (defaults: 50 subjects in 10 minutes, 5 refusals in 10 minutes, 07:00-20:00 Shanghai)', () => {
  it('flags an actor reading more than 50 distinct residents within 10 minutes, not one reading 50', async () => {
    const start = shanghaiTime(3, 5, 10, 0);
    // 51 residents in 8m20s; the leader reads 50 the same way, and a 51st only 15 minutes later.
    await appendEntries(api, [
      ...reads(worker, start, 51, 10),
      ...reads(leader, start, 50, 10),
      { actor: leader, at: minutesAfter(start, 15), entityId: subjects[55] },
    ]);
    const flags = await anomalies(start, minutesAfter(start, 60));
    expect(flags).toEqual([
      {
        kind: 'BULK_READ',
        actor: { username: 'worker.demo' },
        windowStart: start.toISOString(),
        windowEnd: minutesAfter(start, 500 / 60).toISOString(),
        count: 51,
        emergencyAccess: null,
      },
    ]);
  });

  it('counts distinct subjects: reading the same resident many times is not a bulk read', async () => {
    const start = shanghaiTime(3, 6, 10, 0);
    await appendEntries(
      api,
      Array.from({ length: 80 }, (_, i) => ({
        actor: worker,
        at: new Date(start.getTime() + i * 1000),
        entityId: subjects[i % 3],
      })),
    );
    expect(await anomalies(start, minutesAfter(start, 60))).toEqual([]);
  });

  it('flags reads outside working hours, one flag per actor and day, and not reads at 07:00 or 19:59', async () => {
    const night = shanghaiTime(3, 7, 23, 30);
    const dawn = shanghaiTime(3, 8, 6, 59);
    await appendEntries(api, [
      { actor: worker, at: night, entityId: subjects[0] },
      { actor: worker, at: minutesAfter(night, 10), entityId: subjects[1] },
      { actor: worker, at: dawn, entityId: subjects[2] },
      { actor: leader, at: shanghaiTime(3, 7, 7, 0), entityId: subjects[3] },
      { actor: leader, at: shanghaiTime(3, 7, 19, 59), entityId: subjects[4] },
      { actor: leader, at: shanghaiTime(3, 7, 22, 0), entityId: subjects[5], outcome: 'DENIED' },
    ]);
    const flags = await anomalies(shanghaiTime(3, 7, 0, 0), shanghaiTime(3, 9, 0, 0));
    expect(
      flags.map(({ kind, actor, windowStart, windowEnd, count }) => ({
        kind,
        username: actor?.username,
        windowStart,
        windowEnd,
        count,
      })),
    ).toEqual([
      {
        kind: 'OFF_HOURS',
        username: 'worker.demo',
        windowStart: night.toISOString(),
        windowEnd: minutesAfter(night, 10).toISOString(),
        count: 2,
      },
      {
        kind: 'OFF_HOURS',
        username: 'worker.demo',
        windowStart: dawn.toISOString(),
        windowEnd: dawn.toISOString(),
        count: 1,
      },
    ]);
  });

  it('flags 5 refusals within 10 minutes, not 4, nor 5 spread wider', async () => {
    const start = shanghaiTime(3, 9, 10, 0);
    const spread = [
      ...reads(leader, start, 4, 60, 'DENIED'),
      { actor: leader, at: minutesAfter(start, 13), entityId: subjects[20], outcome: 'DENIED' as const },
    ];
    await appendEntries(api, [...reads(worker, start, 5, 60, 'DENIED'), ...spread]);
    const flags = await anomalies(start, minutesAfter(start, 60));
    expect(flags).toEqual([
      {
        kind: 'DENIED_BURST',
        actor: { username: 'worker.demo' },
        windowStart: start.toISOString(),
        windowEnd: minutesAfter(start, 4).toISOString(),
        count: 5,
        emergencyAccess: null,
      },
    ]);
  });

  it('merges overlapping windows of one burst into one flag with its peak', async () => {
    const start = shanghaiTime(3, 10, 10, 0);
    await appendEntries(api, reads(worker, start, 12, 60, 'DENIED'));
    const flags = await anomalies(start, minutesAfter(start, 60));
    expect(flags.map(({ kind, windowStart, windowEnd, count }) => ({ kind, windowStart, windowEnd, count }))).toEqual([
      {
        kind: 'DENIED_BURST',
        windowStart: start.toISOString(),
        windowEnd: minutesAfter(start, 11).toISOString(),
        count: 10,
      },
    ]);
  });

  it('takes its thresholds from the configuration', async () => {
    const start = shanghaiTime(3, 11, 10, 0);
    await appendEntries(api, reads(leader, start, 4, 30));
    expect(await anomalies(start, minutesAfter(start, 60))).toEqual([]);
    const strict = await startTestApi({ ACCESS_LOG_BULK_READ_SUBJECTS: '3', ACCESS_LOG_WORKING_HOURS: '11:00-20:00' });
    try {
      await appendEntries(strict, reads(leader, start, 4, 30));
      const response = await strict.request(
        AccessLogAnomaliesDocument,
        { from: start.toISOString(), to: minutesAfter(start, 60).toISOString() },
        { token: await strict.login('privacy.demo') },
      );
      expect(response.data!.accessLogAnomalies.map((flag) => [flag.kind, flag.count])).toEqual([
        ['BULK_READ', 4],
        ['OFF_HOURS', 4],
      ]);
    } finally {
      await strict.close();
    }
  });

  it('flags an emergency access that ended without review, lists it to review, and drops it once reviewed', async () => {
    const workerToken = await api.login('worker.demo');
    const opened = await api.request(
      OpenEmergencyAccessDocument,
      {
        input: {
          resident: residentId(fixtures.delegated),
          reason: '独居老人家中无应答，需立即核实其紧急联系人',
          minutes: 30,
        },
      },
      { token: workerToken },
    );
    const id = opened.data!.openEmergencyAccess.id;
    const period: [Date, Date] = [new Date(Date.now() - 3_600_000), new Date(Date.now() + 3_600_000)];
    await api.request(ResidentFieldsDocument, { id: residentId(fixtures.delegated) }, { token: workerToken });
    const emergencyFlags = async () =>
      (await anomalies(...period)).filter((flag) => flag.kind === 'UNREVIEWED_EMERGENCY');
    expect(await emergencyFlags()).toEqual([]);

    await api.request(CloseEmergencyAccessDocument, { id }, { token: workerToken });
    const privacy = await api.login('privacy.demo');
    const [flag] = await emergencyFlags();
    expect(flag).toMatchObject({ actor: { username: 'worker.demo' }, emergencyAccess: { id } });
    expect(flag.count).toBeGreaterThan(0);
    expect(
      (
        await api.request(EmergencyAccessesToReviewDocument, {}, { token: privacy })
      ).data!.emergencyAccessesToReview.map((e) => e.id),
    ).toEqual([id]);

    await api.request(ReviewEmergencyAccessDocument, { id, review: 'JUSTIFIED', note: '核实属实' }, { token: privacy });
    expect(await emergencyFlags()).toEqual([]);
    expect(
      (await api.request(EmergencyAccessesToReviewDocument, {}, { token: privacy })).data!.emergencyAccessesToReview,
    ).toEqual([]);
  });

  it('is for the posts that review the log', async () => {
    const period = { from: shanghaiTime(3, 5, 0).toISOString(), to: shanghaiTime(3, 6, 0).toISOString() };
    const response = await api.request(AccessLogAnomaliesDocument, period, { token: await api.login('worker.demo') });
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const queue = await api.request(EmergencyAccessesToReviewDocument, {}, { token: await api.login('worker.demo') });
    expect(queue.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
