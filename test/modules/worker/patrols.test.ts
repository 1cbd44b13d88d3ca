import { AppendPatrolPointsDocument, EndPatrolDocument, StartPatrolDocument } from '../../generated/graphql';
import { GraphQLResponse, startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';

let api: TestApi;
let grid: { id: number };
let fixes: number[][];

beforeAll(async () => {
  api = await startTestApi();
  // A seeded patrol of worker.demo: its fixes lie inside one of the worker's own grids.
  const [track] = await sql<{ grid_id: number; points: number[][] }>(
    api,
    `select t.grid_id, t.points from patrol_track t join app_user u on u.worker_id = t.worker_id
      where u.username = 'worker.demo' and jsonb_array_length(t.points) >= 6 order by t.id limit 1`,
  );
  grid = { id: track.grid_id };
  fixes = track.points;
});
afterAll(() => api.close());

const code = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;

/** Haversine, computed here independently of the server's SQL. */
function metres(points: number[][]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const [lng1, lat1] = points[i - 1].map((v) => (v * Math.PI) / 180);
    const [lng2, lat2] = points[i].map((v) => (v * Math.PI) / 180);
    const h = Math.sin((lat2 - lat1) / 2) ** 2 + Math.cos(lat1) * Math.cos(lat2) * Math.sin((lng2 - lng1) / 2) ** 2;
    total += 2 * 6371008.8 * Math.asin(Math.sqrt(h));
  }
  return Math.round(total);
}

describe('patrols recorded by the worker', () => {
  it('gives one track with computed distance from three batches, one retried and one late', async () => {
    const token = await api.login('worker.demo');
    const input = {
      clientKey: 'patrol-test-1',
      grid: globalId('Grid', grid.id),
      startedAt: new Date(fixes[0][2] * 1000).toISOString(),
    };
    const started = await api.request(StartPatrolDocument, { input }, { token });
    expect(started.errors).toBeUndefined();
    const retriedStart = await api.request(StartPatrolDocument, { input }, { token });
    expect(retriedStart.data?.startPatrol.id).toBe(started.data!.startPatrol.id);
    const patrol = started.data!.startPatrol.id;
    const third = Math.ceil(fixes.length / 3);
    const batches = [fixes.slice(0, third), fixes.slice(third, 2 * third), fixes.slice(2 * third)];
    const send = (sequence: number) =>
      api.request(
        AppendPatrolPointsDocument,
        { input: { patrol, sequence, points: batches[sequence - 1] } },
        { token },
      );
    for (const sequence of [1, 3, 2, 2]) expect((await send(sequence)).errors).toBeUndefined();
    const ended = await api.request(
      EndPatrolDocument,
      { id: patrol, endedAt: new Date((fixes.at(-1)![2] + 60) * 1000).toISOString() },
      { token },
    );
    expect(ended.errors).toBeUndefined();
    const track = ended.data!.endPatrol;
    expect(track.distanceMeters).toBe(metres(fixes));
    expect(track.distanceMeters).toBeGreaterThan(0);
    expect(track.durationSeconds).toBe(fixes.at(-1)![2] + 60 - fixes[0][2]);
    const [stored] = await sql<{ n: number; batches: string; covered: number[] }>(
      api,
      `select jsonb_array_length(points) as n, (select count(*) from patrol_batch where track_id = t.id) as batches,
              grids_covered as covered from patrol_track t where t.id = $1`,
      [Number(Buffer.from(patrol, 'base64url').toString().split(':')[1])],
    );
    expect(stored).toEqual({ n: fixes.length, batches: '3', covered: expect.any(Array) });
    const [inside] = await sql<{ ids: number[] }>(
      api,
      `select coalesce(array_agg(distinct g.id order by g.id), '{}') as ids from grid g, jsonb_array_elements($1::jsonb) p
        where g.level = 3 and geo_boundary_contains(g.boundary, (p->>0)::float8, (p->>1)::float8)`,
      [JSON.stringify(fixes)],
    );
    expect(inside.ids.length).toBeGreaterThan(0);
    expect(stored.covered).toEqual(inside.ids);
    expect(track.gridsCovered?.map((g) => g.id)).toEqual(inside.ids.map((id) => globalId('Grid', id)));
    const late = await send(1);
    expect(code(late)).toBe('CONFLICT');
  });

  it('refuses patrols to posts without a worker record, others’ patrols, foreign grids and bad fixes', async () => {
    const token = await api.login('worker.demo');
    const input = { clientKey: 'patrol-test-2', grid: globalId('Grid', grid.id) };
    const admin = await api.request(StartPatrolDocument, { input }, { token: await api.login('admin.demo') });
    expect(code(admin)).toBe('FORBIDDEN');
    const [outside] = await sql<{ id: number }>(
      api,
      `select g.id from grid g where g.level = 3 and not exists (select 1 from grid_assignment a join app_user u
         on u.worker_id = a.worker_id join grid ag on ag.id = a.grid_id where u.username = 'worker.demo' and g.path like ag.path || '%')
       order by g.id limit 1`,
    );
    const foreign = await api.request(
      StartPatrolDocument,
      { input: { ...input, grid: globalId('Grid', outside.id) } },
      { token },
    );
    expect(code(foreign)).toBe('BAD_USER_INPUT');
    const started = await api.request(StartPatrolDocument, { input }, { token });
    const patrol = started.data!.startPatrol.id;
    const leader = await api.request(
      AppendPatrolPointsDocument,
      { input: { patrol, sequence: 1, points: fixes.slice(0, 2) } },
      { token: await api.login('leader.demo') },
    );
    expect(code(leader)).toBe('NOT_FOUND');
    const bad = await api.request(
      AppendPatrolPointsDocument,
      { input: { patrol, sequence: 1, points: [[200, 30, 1]] } },
      { token },
    );
    expect(code(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toContain('input.points[0]');
    const [{ n }] = await sql<{ n: string }>(
      api,
      'select count(*) as n from patrol_batch b join patrol_track t on t.id = b.track_id where t.client_key = $1',
      ['patrol-test-2'],
    );
    expect(n).toBe('0');
  });
});
