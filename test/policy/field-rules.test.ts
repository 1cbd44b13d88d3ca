import {
  CasesPageDocument,
  ResidentAliasesDocument,
  ResidentCountDocument,
  ResidentFieldsDocument,
  ResidentNodeDocument,
} from '../generated/graphql';
import { maskIdNumber, maskName, maskPhone } from '../../src/policy/masking';
import { startTestApi, TestApi } from '../support/api';
import { sql } from '../support/sql';
import { Fixtures, loadFixtures, residentId } from './fixtures';

let api: TestApi;
let fixtures: Fixtures;
beforeAll(async () => {
  api = await startTestApi();
  fixtures = await loadFixtures(api);
});
afterAll(() => api.close());

describe('filters and orderings cannot be used as an oracle', () => {
  it('refuses a filter on a field the caller may not read in clear', async () => {
    const token = await api.login('center.demo');
    const byId = await api.request(
      ResidentCountDocument,
      { filter: { idNumber: fixtures.inScope.id_number } },
      { token },
    );
    const byName = await api.request(
      ResidentCountDocument,
      { filter: { nameContains: fixtures.inScope.name.slice(0, 1) } },
      { token },
    );
    for (const response of [byId, byName]) {
      expect(response.data).toBeNull();
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', argumentName: 'filter' });
    }
  });

  it('refuses ordering by a masked field', async () => {
    const response = await api.request(
      ResidentCountDocument,
      { orderBy: { field: 'NAME', direction: 'ASC' } },
      { token: await api.login('center.demo') },
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', argumentName: 'orderBy' });
  });

  it('allows the same filter to a post that reads the field in clear', async () => {
    const response = await api.request(
      ResidentCountDocument,
      { filter: { idNumber: fixtures.inScope.id_number } },
      { token: await api.login('worker.demo') },
    );
    expect(response.data?.residents.totalCount).toBe(1);
  });
});

describe('field decisions hold however a field is asked for', () => {
  it('answers aliases and fragments alike, with one error per hidden field per request', async () => {
    const response = await api.request(
      ResidentAliasesDocument,
      { first: 5 },
      { token: await api.login('center.demo') },
    );
    const nodes = response.data!.residents.nodes;
    expect(nodes).toHaveLength(5);
    expect(nodes.every((node) => node.a === null && node.b === null && node.idNumber === null)).toBe(true);
    expect(nodes.every((node) => node.phone === null || node.phone.includes('*'))).toBe(true);
    const forbidden = response.errors!.filter((e) => e.extensions?.code === 'FORBIDDEN');
    expect(forbidden.map((e) => e.extensions?.field)).toEqual(['Resident.idNumber']);
  });

  it('answers node(id:) exactly as resident(id:)', async () => {
    const token = await api.login('center.demo');
    const id = residentId(fixtures.inScope);
    const node = await api.request(ResidentNodeDocument, { id }, { token });
    expect(node.data?.node).toMatchObject({
      id,
      name: maskName(fixtures.inScope.name),
      phone: maskPhone(fixtures.inScope.phone),
      idNumber: null,
    });
  });

  it('masks a resident reached through a case as it masks the resident list', async () => {
    const [involved] = await sql<{ case_id: number; resident_id: number }>(
      api,
      'select case_id, resident_id from case_involved_resident order by case_id limit 1',
    );
    const [kase] = await sql<{ reported_at: Date }>(api, 'select reported_at from cases where id = $1', [
      involved.case_id,
    ]);
    const [resident] = await sql<{ name: string }>(api, 'select name from resident where id = $1', [
      involved.resident_id,
    ]);
    const response = await api.request(
      CasesPageDocument,
      {
        first: 50,
        filter: { reportedFrom: kase.reported_at.toISOString(), reportedUntil: kase.reported_at.toISOString() },
      },
      { token: await api.login('center.demo') },
    );
    const names = response.data!.cases.nodes.flatMap((node) => node.involvedResidents ?? []).map((r) => r.name);
    expect(names).toContain(maskName(resident.name));
    expect(names).not.toContain(resident.name);
  });
});

describe('no decision outlives its request', () => {
  it('gives two posts in turn on one server each its own answer', async () => {
    const id = residentId(fixtures.inScope);
    const worker = await api.request(ResidentFieldsDocument, { id }, { token: await api.login('worker.demo') });
    const center = await api.request(ResidentFieldsDocument, { id }, { token: await api.login('center.demo') });
    const workerAgain = await api.request(ResidentFieldsDocument, { id }, { token: await api.login('worker.demo') });
    expect(worker.data?.resident.idNumber).toBe(fixtures.inScope.id_number);
    expect(center.data?.resident.idNumber).toBeNull();
    expect(center.data?.resident.name).toBe(maskName(fixtures.inScope.name));
    expect(workerAgain.data?.resident).toEqual(worker.data?.resident);
    expect(maskIdNumber(fixtures.inScope.id_number)).not.toBe(fixtures.inScope.id_number);
  });
});
