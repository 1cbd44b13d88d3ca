import { ResidentVisitsDocument, WorkerRecordsDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('visits, patrols, training and assessments', () => {
  it("shows a visited resident's visits to the grid worker and withholds them from the command centre", async () => {
    const [visit] = await sql<{ resident_id: number; n: string }>(
      api,
      `select v.resident_id, count(*) over (partition by v.resident_id) as n from visit v
        join app_user u on u.username = 'worker.demo' join grid_assignment a on a.worker_id = u.worker_id
        join grid g on g.id = a.grid_id where v.grid_path like g.path || '%' order by v.id limit 1`,
    );
    const id = globalId('Resident', visit.resident_id);
    const worker = await api.request(ResidentVisitsDocument, { id }, { token: await api.login('worker.demo') });
    expect(worker.data?.resident.visits).toHaveLength(Number(visit.n));
    expect(worker.data!.resident.visits![0].notes).toBeTruthy();
    const center = await api.request(ResidentVisitsDocument, { id }, { token: await api.login('center.demo') });
    expect(center.data?.resident.visits).toBeNull();
    expect(center.errors?.map((e) => e.extensions?.field)).toEqual(['Resident.visits']);
  });

  it('gives the street admin raw patrol points and the district admin training and assessments, batched', async () => {
    const street = await api.request(WorkerRecordsDocument, { first: 20 }, { token: await api.login('street.demo') });
    expect(street.errors).toBeUndefined();
    const tracks = street.data!.workers.nodes.flatMap((w) => w.patrolTracks ?? []);
    expect(tracks.length).toBeGreaterThan(0);
    expect(Array.isArray(tracks[0].points)).toBe(true);
    const small = await api.request(WorkerRecordsDocument, { first: 5 }, { token: await api.login('admin.demo') });
    const large = await api.request(WorkerRecordsDocument, { first: 40 }, { token: await api.login('admin.demo') });
    expect(large.data!.workers.nodes.some((w) => (w.assessments ?? []).length > 0)).toBe(true);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('shows patrols with their raw points (T4) to the street, and none to a leader (contract §4)', async () => {
    const street = await api.request(WorkerRecordsDocument, { first: 20 }, { token: await api.login('street.demo') });
    const tracks = street.data!.workers.nodes.flatMap((w) => w.patrolTracks ?? []);
    expect(tracks.length).toBeGreaterThan(0);
    expect(tracks.every((t) => t.points !== null && t.distanceMeters !== null)).toBe(true);
    const leader = await api.request(WorkerRecordsDocument, { first: 20 }, { token: await api.login('leader.demo') });
    expect(leader.data!.workers.nodes.length).toBeGreaterThan(0);
    expect(leader.data!.workers.nodes.flatMap((w) => w.patrolTracks ?? [])).toEqual([]);
  });
});
