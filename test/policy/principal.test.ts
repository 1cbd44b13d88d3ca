import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startTestApi, TestApi } from '../support/api';
import { sql } from '../support/sql';
import { loadPrincipal } from '../../src/policy/principal';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
}, 60_000);
afterAll(() => api.close());

const requestEm = () => api.orm.em.fork({ loggerContext: { requestId: randomUUID() } }) as EntityManager;

/** Who asks, with the purpose the request states: several posts, one user twice with different purposes. */
const ASKS: [string, string | null][] = [
  ['worker.demo', null],
  ['dept.demo', 'WELFARE_CHECK'],
  ['leader.demo', null],
  ['dept.demo', null],
  ['resident.demo', null],
  ['street.demo', null],
  ['privacy.demo', null],
];

async function userIds(): Promise<number[]> {
  const rows = await sql<{ id: number; username: string }>(api, 'select id, username from app_user');
  const byName = new Map(rows.map((row) => [row.username, row.id]));
  return ASKS.map(([username]) => byName.get(username)!);
}

/** Statements that read principals, sent on any pooled connection while `work` runs. */
async function principalStatements(work: () => Promise<unknown>): Promise<number> {
  const spy = jest.spyOn(Client.prototype, 'query');
  try {
    await work();
    return spy.mock.calls.filter(([config]) => /as q\(user_id, purpose, n\)/.test(JSON.stringify(config))).length;
  } finally {
    spy.mockRestore();
  }
}

describe('principals of requests arriving together', () => {
  it('are read in one statement after the first, each caller getting exactly its own', async () => {
    const ids = await userIds();
    const alone = [];
    for (const [index, [, purpose]] of ASKS.entries())
      alone.push(await loadPrincipal(requestEm(), ids[index], purpose));
    let together: unknown[] = [];
    const statements = await principalStatements(async () => {
      together = await Promise.all(ASKS.map(([, purpose], index) => loadPrincipal(requestEm(), ids[index], purpose)));
    });
    expect(together).toEqual(alone);
    // The first is sent at once; the six asked while it was on its way share the next statement.
    expect(statements).toBe(2);
    const department = together[1] as { delegation: { purposeCode: string } | null };
    expect(department.delegation?.purposeCode).toBe('WELFARE_CHECK');
    expect((together[3] as { delegation: unknown }).delegation).toBeNull();
  });

  it('answer null for a user that is gone or inactive, without failing the others asked with it', async () => {
    const ids = await userIds();
    await sql(api, "update app_user set active = false where username = 'leader.demo'");
    try {
      const asked = [ids[0], 999_999, ids[2], ids[5]];
      const principals = await Promise.all(asked.map((id) => loadPrincipal(requestEm(), id, null)));
      expect(principals.map((principal) => principal?.username ?? null)).toEqual([
        'worker.demo',
        null,
        null,
        'street.demo',
      ]);
    } finally {
      await sql(api, "update app_user set active = true where username = 'leader.demo'");
    }
  });
});
