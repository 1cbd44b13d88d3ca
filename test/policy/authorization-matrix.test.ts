import { ResidentFieldsDocument } from '../generated/graphql';
import { maskAddress, maskBirthDate, maskIdNumber, maskName, maskPhone } from '../../src/policy/masking';
import { GraphQLResponse, startTestApi, TestApi } from '../support/api';
import { Fixtures, loadFixtures, residentId, ResidentRow } from './fixtures';

type Access = 'FULL' | 'MASKED' | 'HIDDEN';
type ResidentField =
  'name' | 'gender' | 'birthDate' | 'phone' | 'idNumber' | 'address' | 'categories' | 'restrictedMembership';
type Row = 'inScope' | 'delegated' | 'self';

/**
 * contract §4 as a table: what each post gets of each resident field, on the row it may see. Tiers: gender T1;
 * name, birth date, phone, address T2; ID number and category membership T3; restricted membership T4.
 */
const MATRIX: { login: string; row: Row; purpose?: string; fields: Record<ResidentField, Access> }[] = [
  {
    login: 'worker.demo',
    row: 'inScope',
    fields: {
      gender: 'FULL',
      name: 'FULL',
      birthDate: 'FULL',
      phone: 'FULL',
      address: 'FULL',
      idNumber: 'FULL',
      categories: 'FULL',
      restrictedMembership: 'FULL',
    },
  },
  {
    login: 'leader.demo',
    row: 'inScope',
    fields: {
      gender: 'FULL',
      name: 'FULL',
      birthDate: 'FULL',
      phone: 'FULL',
      address: 'FULL',
      idNumber: 'FULL',
      categories: 'FULL',
      restrictedMembership: 'MASKED',
    },
  },
  {
    login: 'street.demo',
    row: 'inScope',
    fields: {
      gender: 'FULL',
      name: 'FULL',
      birthDate: 'FULL',
      phone: 'FULL',
      address: 'FULL',
      idNumber: 'MASKED',
      categories: 'MASKED',
      restrictedMembership: 'MASKED',
    },
  },
  {
    login: 'center.demo',
    row: 'inScope',
    fields: {
      gender: 'FULL',
      name: 'MASKED',
      birthDate: 'MASKED',
      phone: 'MASKED',
      address: 'MASKED',
      idNumber: 'HIDDEN',
      categories: 'HIDDEN',
      restrictedMembership: 'HIDDEN',
    },
  },
  {
    login: 'admin.demo',
    row: 'inScope',
    fields: {
      gender: 'FULL',
      name: 'FULL',
      birthDate: 'FULL',
      phone: 'FULL',
      address: 'FULL',
      idNumber: 'MASKED',
      categories: 'MASKED',
      restrictedMembership: 'MASKED',
    },
  },
  {
    login: 'privacy.demo',
    row: 'inScope',
    fields: {
      gender: 'HIDDEN',
      name: 'MASKED',
      birthDate: 'HIDDEN',
      phone: 'HIDDEN',
      address: 'HIDDEN',
      idNumber: 'HIDDEN',
      categories: 'HIDDEN',
      restrictedMembership: 'HIDDEN',
    },
  },
  {
    login: 'dept.demo',
    row: 'delegated',
    purpose: 'WELFARE_CHECK',
    fields: {
      gender: 'FULL',
      name: 'FULL',
      birthDate: 'FULL',
      phone: 'FULL',
      address: 'FULL',
      idNumber: 'HIDDEN',
      categories: 'FULL',
      restrictedMembership: 'HIDDEN',
    },
  },
  {
    login: 'resident.demo',
    row: 'self',
    fields: {
      gender: 'FULL',
      name: 'FULL',
      birthDate: 'FULL',
      phone: 'FULL',
      address: 'FULL',
      idNumber: 'FULL',
      categories: 'FULL',
      restrictedMembership: 'FULL',
    },
  },
];

const SCALARS: Record<
  Exclude<ResidentField, 'categories' | 'restrictedMembership'>,
  { clear: (r: ResidentRow) => unknown; masked: (r: ResidentRow) => unknown }
> = {
  name: { clear: (r) => r.name, masked: (r) => maskName(r.name) },
  gender: { clear: (r) => r.gender, masked: () => null },
  birthDate: { clear: (r) => r.birth_date, masked: (r) => maskBirthDate(r.birth_date) },
  phone: { clear: (r) => r.phone, masked: (r) => maskPhone(r.phone) },
  idNumber: { clear: (r) => r.id_number, masked: (r) => maskIdNumber(r.id_number) },
  address: { clear: (r) => r.address, masked: (r) => maskAddress(r.address) },
};

let api: TestApi;
let fixtures: Fixtures;
beforeAll(async () => {
  api = await startTestApi();
  fixtures = await loadFixtures(api);
});
afterAll(() => api.close());

type ResidentAnswer = GraphQLResponse<import('../generated/graphql').ResidentFieldsQuery>;

function hiddenCoordinates(response: ResidentAnswer): string[] {
  return (response.errors ?? [])
    .filter((e) => e.extensions?.code === 'FORBIDDEN')
    .map((e) => String(e.extensions?.field));
}

function expectScalar(response: ResidentAnswer, row: ResidentRow, field: keyof typeof SCALARS, access: Access): void {
  const value = (response.data!.resident as Record<string, unknown>)[field];
  const masked = response.extensions?.masked ?? [];
  if (access === 'FULL') expect(value).toEqual(SCALARS[field].clear(row));
  if (access === 'MASKED') {
    expect(value).toEqual(SCALARS[field].masked(row));
    expect(masked).toContain(`resident.${field}`);
  }
  if (access === 'HIDDEN') {
    expect(value).toBeNull();
    expect(hiddenCoordinates(response)).toContain(`Resident.${field}`);
  }
}

function expectMemberships(response: ResidentAnswer, entry: (typeof MATRIX)[number], restrictedCode: string): void {
  const categories = response.data!.resident.categories;
  if (entry.fields.categories === 'HIDDEN') return expect(hiddenCoordinates(response)).toContain('Resident.categories');
  if (entry.fields.categories === 'MASKED') return expect(categories).toBeNull();
  const codes = categories!.map((membership) => membership.category?.code ?? null);
  if (entry.fields.restrictedMembership === 'FULL') expect(codes).toContain(restrictedCode);
  else expect(codes).not.toContain(restrictedCode);
  if (entry.fields.restrictedMembership === 'MASKED') expect(codes).toContain(null);
}

describe.each(MATRIX)('$login reading a resident it may see', (entry) => {
  let response: ResidentAnswer;
  let row: ResidentRow;
  beforeAll(async () => {
    row = fixtures[entry.row];
    const headers = entry.purpose ? { 'x-access-purpose': entry.purpose } : undefined;
    response = await api.request(
      ResidentFieldsDocument,
      { id: residentId(row) },
      { token: await api.login(entry.login), headers },
    );
  });

  it('finds the row', () => {
    expect(response.data?.resident.id).toBe(residentId(row));
  });

  it.each(Object.keys(SCALARS) as (keyof typeof SCALARS)[])('gives %s as the table says', (field) => {
    expectScalar(response, row, field, entry.fields[field]);
  });

  it("gives special-category memberships by each category's label", () => {
    expectMemberships(response, entry, fixtures.restrictedCode);
  });

  it('reports each withheld field once, with the rule that decided', () => {
    const hidden = hiddenCoordinates(response);
    expect(new Set(hidden).size).toBe(hidden.length);
    for (const error of response.errors ?? [])
      expect(error.extensions?.rule).toEqual(expect.stringContaining(error.extensions?.field as string));
  });
});

describe.each([
  { login: 'worker.demo', row: 'outOfScope' as const },
  { login: 'leader.demo', row: 'delegated' as const },
  { login: 'street.demo', row: 'delegated' as const },
  { login: 'resident.demo', row: 'inScope' as const },
  { login: 'dept.demo', row: 'inScope' as const, purpose: 'WELFARE_CHECK' },
])('$login reading a resident outside its scope', ({ login, row, purpose }) => {
  it('gets NOT_FOUND and no data', async () => {
    const headers = purpose ? { 'x-access-purpose': purpose } : undefined;
    const response = await api.request(
      ResidentFieldsDocument,
      { id: residentId(fixtures[row]) },
      { token: await api.login(login), headers },
    );
    expect(response.data).toBeNull();
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(JSON.stringify(response)).not.toContain(fixtures[row].id_number);
  });
});
