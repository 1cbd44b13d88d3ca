import {
  CloseEmergencyAccessDocument,
  EmergencyAccessesDocument,
  OpenEmergencyAccessDocument,
  ResidentFieldsDocument,
} from '../generated/graphql';
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

const REASON = '居民家中燃气泄漏报警，需立即联系其紧急联系人';

describe('emergency access', () => {
  it('opens a resident outside the scope for the opener only, until closed', async () => {
    const token = await api.login('worker.demo');
    const id = residentId(fixtures.delegated);
    const before = await api.request(ResidentFieldsDocument, { id }, { token });
    expect(before.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const opened = await api.request(
      OpenEmergencyAccessDocument,
      { input: { resident: id, reason: REASON, minutes: 30 } },
      { token },
    );
    expect(opened.errors).toBeUndefined();
    const during = await api.request(ResidentFieldsDocument, { id }, { token });
    expect(during.data?.resident.idNumber).toBe(fixtures.delegated.id_number);

    const colleague = await api.request(ResidentFieldsDocument, { id }, { token: await api.login('leader.demo') });
    expect(colleague.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    await api.request(CloseEmergencyAccessDocument, { id: opened.data!.openEmergencyAccess.id }, { token });
    const after = await api.request(ResidentFieldsDocument, { id }, { token });
    expect(after.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('cannot be extended while open, nor last beyond four hours', async () => {
    const token = await api.login('leader.demo');
    const input = { resident: residentId(fixtures.delegated), reason: REASON, minutes: 60 };
    const first = await api.request(OpenEmergencyAccessDocument, { input }, { token });
    expect(first.errors).toBeUndefined();
    const second = await api.request(OpenEmergencyAccessDocument, { input }, { token });
    expect(second.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const tooLong = await api.request(OpenEmergencyAccessDocument, { input: { ...input, minutes: 300 } }, { token });
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('ends at expiry', async () => {
    const token = await api.login('worker.demo');
    const id = residentId(fixtures.delegated);
    await api.request(OpenEmergencyAccessDocument, { input: { resident: id, reason: REASON, minutes: 10 } }, { token });
    expect((await api.request(ResidentFieldsDocument, { id }, { token })).data?.resident.id).toBe(id);
    await sql(api, "update emergency_access set expires_at = now() - interval '1 second' where closed_at is null");
    const expired = await api.request(ResidentFieldsDocument, { id }, { token });
    expect(expired.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('needs a reason and is not open to every post', async () => {
    const id = residentId(fixtures.delegated);
    const noReason = await api.request(
      OpenEmergencyAccessDocument,
      { input: { resident: id, reason: 'short' } },
      { token: await api.login('worker.demo') },
    );
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const center = await api.request(
      OpenEmergencyAccessDocument,
      { input: { resident: id, reason: REASON } },
      { token: await api.login('center.demo') },
    );
    expect(center.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('is listed for its holder and for the privacy officer', async () => {
    const own = await api.request(EmergencyAccessesDocument, {}, { token: await api.login('worker.demo') });
    expect(own.data!.emergencyAccesses.length).toBeGreaterThan(0);
    expect(own.data!.emergencyAccesses.every((e) => e.user?.username === 'worker.demo')).toBe(true);
    const all = await api.request(EmergencyAccessesDocument, {}, { token: await api.login('privacy.demo') });
    const holders = new Set(all.data!.emergencyAccesses.map((e) => e.user?.username));
    expect([...holders].sort()).toEqual(['leader.demo', 'worker.demo']);
  });
});
