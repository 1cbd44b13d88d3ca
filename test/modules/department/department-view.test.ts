import { CaseByIdDocument, MyDelegationsDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { globalId, sql } from '../../support/sql';
import { demoWorld, DemoWorld, errorCode, putInState, report, reportInput, run } from '../case/case-support';

let api: TestApi;
let world: DemoWorld;
beforeAll(async () => {
  api = await startTestApi();
  world = await demoWorld(api);
});
afterAll(() => api.close());

describe("the partner department's own view", () => {
  it('lists its own delegations with purpose, fields, categories, subtree and validity', async () => {
    const expected = await sql<{ id: number; purpose_code: string; grid_id: number }>(
      api,
      'select id, purpose_code, grid_id from delegation where department_id = $1 order by id desc',
      [world.civilAffairs],
    );
    expect(expected.length).toBeGreaterThan(0);
    const response = await api.request(MyDelegationsDocument, {}, { token: await api.login('dept.demo') });
    expect(response.errors).toBeUndefined();
    const listed = response.data!.myDelegations;
    expect(listed.map((d) => d.id)).toEqual(expected.map((d) => globalId('Delegation', d.id)));
    expect(listed.map((d) => d.purposeCode)).toEqual(expected.map((d) => d.purpose_code));
    expect(listed[0].grid?.id).toBe(globalId('Grid', expected[0].grid_id));
    expect(listed[0].fields.length).toBeGreaterThan(0);
    const worker = await api.request(MyDelegationsDocument, {}, { token: await api.login('worker.demo') });
    expect(worker.data?.myDelegations).toEqual([]);
  });

  it('still reads, but no longer handles, a case it resolved or returned; never a case of another department', async () => {
    const id = await report(api, 'worker.demo', reportInput(world));
    await putInState(api, id, { status: 'DISPATCHED', holdingLevel: 0, department: world.civilAffairs });
    const resolved = await run(api, 'resolve', id, 'dept.demo', { world });
    expect(resolved.errors).toBeUndefined();
    const token = await api.login('dept.demo');
    const read = await api.request(CaseByIdDocument, { id }, { token });
    expect(read.data?.case).toMatchObject({ id, status: 'RESOLVED' });
    const again = await run(api, 'return', id, 'dept.demo', { world });
    expect(errorCode(again)).toBe('FORBIDDEN');
    const returned = await report(api, 'worker.demo', reportInput(world));
    await putInState(api, returned, { status: 'DISPATCHED', holdingLevel: 0, department: world.civilAffairs });
    expect((await run(api, 'return', returned, 'dept.demo', { world })).errors).toBeUndefined();
    expect((await api.request(CaseByIdDocument, { id: returned }, { token })).data?.case).toMatchObject({
      status: 'RETURNED',
    });
    expect(errorCode(await run(api, 'resolve', returned, 'dept.demo', { world }))).toBe('FORBIDDEN');
    const other = await report(api, 'worker.demo', reportInput(world));
    expect(errorCode(await api.request(CaseByIdDocument, { id: other }, { token }))).toBe('NOT_FOUND');
  });
});
