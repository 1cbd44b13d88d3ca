import {
  ChangeRequestsDocument,
  ConfirmChangeRequestDocument,
  MyChangeRequestsDocument,
  RejectChangeRequestDocument,
  RequestChangeDocument,
  UpdateResidentDocument,
} from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import { codeOf } from './registry-support';

let api: TestApi;
let me: { id: number; version: number; phone: string | null; grid_path: string };
const token = (username: string) => api.tokenFor(username);

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function myRecord() {
  [me] = await sql<typeof me>(
    api,
    `select r.id, r.version, r.phone, r.grid_path from app_user u join resident r on r.id = u.resident_id
      where u.username = 'resident.demo'`,
  );
  return { id: globalId('Resident', me.id), expectedVersion: me.version };
}

async function file(changes: { phone?: string; address?: string; name?: string }, id?: string) {
  const record = await myRecord();
  const input = { ...record, ...(id ? { id } : {}), ...changes };
  return api.request(RequestChangeDocument, { input }, { token: await token('resident.demo') });
}

/** A login for a grid worker of another grid than the resident's (the demo data has logins for few workers). */
async function workerOutside(gridPath: string): Promise<string> {
  await sql(
    api,
    `insert into app_user (id, username, password_hash, display_name, role, worker_id)
     select (select max(id) + 1 from app_user), 'worker.elsewhere', 'x', w.name, 'GRID_WORKER', w.id
       from worker w where exists (select 1 from grid_assignment a where a.worker_id = w.id)
        and not exists (select 1 from grid_assignment a join grid g on g.id = a.grid_id
                         where a.worker_id = w.id and starts_with($1, g.path))
      order by w.id limit 1`,
    [gridPath],
  );
  return 'worker.elsewhere';
}

describe('change requests of a resident’s own record', () => {
  it('are filed by the resident, listed for the grid staff only, and applied with history when confirmed', async () => {
    const filed = await file({ phone: '13912345678' });
    expect(filed.errors).toBeUndefined();
    const request = filed.data!.requestChange;
    expect(request).toMatchObject({ status: 'PENDING', phone: '13912345678', baseVersion: me.version });

    const mine = await api.request(MyChangeRequestsDocument, {}, { token: await token('resident.demo') });
    expect(mine.data!.myChangeRequests.map((r) => r.id)).toContain(request.id);
    const listed = await api.request(ChangeRequestsDocument, {}, { token: await token('worker.demo') });
    expect(listed.data!.changeRequests.map((r) => r.id)).toContain(request.id);

    const outsider = await workerOutside(me.grid_path);
    const theirs = await api.request(ChangeRequestsDocument, {}, { token: await token(outsider) });
    expect(theirs.data!.changeRequests.map((r) => r.id)).not.toContain(request.id);
    const refused = await api.request(
      ConfirmChangeRequestDocument,
      { id: request.id },
      { token: await token(outsider) },
    );
    expect(codeOf(refused).code).toBe('NOT_FOUND');

    const confirmed = await api.request(
      ConfirmChangeRequestDocument,
      { id: request.id },
      { token: await token('worker.demo') },
    );
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data!.confirmChangeRequest).toMatchObject({ status: 'CONFIRMED', decidedBy: 'worker.demo' });
    const before = me.phone;
    await myRecord();
    expect(me.phone).toBe('13912345678');
    expect(me.version).toBe(request.baseVersion + 1);
    const [entry] = await sql<{ actor_username: string; changes: { field: string; old: unknown; new: unknown }[] }>(
      api,
      `select actor_username, changes from change_entry where resident_id = $1 and action = 'UPDATE' order by id desc limit 1`,
      [me.id],
    );
    expect(entry.actor_username).toBe('worker.demo');
    expect(entry.changes).toEqual([{ field: 'phone', old: before, new: '13912345678' }]);
  });

  it('refuse other fields by name, other residents’ records, stale requests and second decisions', async () => {
    const name = await file({ name: '别人' });
    expect(codeOf(name)).toEqual({ code: 'FORBIDDEN', argumentName: 'input.name' });

    const [other] = await sql<{ id: number }>(api, 'select id from resident where id <> $1 order by id limit 1', [
      me.id,
    ]);
    const foreign = await file({ phone: '13900000000' }, globalId('Resident', other.id));
    expect(codeOf(foreign).code).toBe('NOT_FOUND');

    const stale = (await file({ address: '新地址1号' })).data!.requestChange;
    const changed = await api.request(
      UpdateResidentDocument,
      { input: { id: globalId('Resident', me.id), expectedVersion: me.version, address: '另一个地址2号' } },
      { token: await token('worker.demo') },
    );
    expect(changed.errors).toBeUndefined();
    const conflict = await api.request(
      ConfirmChangeRequestDocument,
      { id: stale.id },
      { token: await token('leader.demo') },
    );
    expect(codeOf(conflict).code).toBe('CONFLICT');
    await myRecord();
    expect(me.version).toBe(stale.baseVersion + 1);

    const reject = { input: { id: stale.id, reason: '地址已由网格员更新' } };
    const rejected = await api.request(RejectChangeRequestDocument, reject, { token: await token('leader.demo') });
    expect(rejected.data!.rejectChangeRequest).toMatchObject({ status: 'REJECTED', reason: '地址已由网格员更新' });
    const again = await api.request(RejectChangeRequestDocument, reject, { token: await token('worker.demo') });
    expect(codeOf(again).code).toBe('CONFLICT');
    const byResident = await api.request(RejectChangeRequestDocument, reject, {
      token: await token('resident.demo'),
    });
    expect(codeOf(byResident).code).toBe('FORBIDDEN');
  });
});
