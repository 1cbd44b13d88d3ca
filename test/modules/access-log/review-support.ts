import { randomUUID } from 'node:crypto';
import type { TestApi } from '../../support/api';
import { sql } from '../../support/sql';

export interface DemoUser {
  id: number;
  role: string;
  department_id: number | null;
}

export async function demoUser(api: TestApi, username: string): Promise<DemoUser> {
  const [user] = await sql<DemoUser>(
    api,
    'select id, role::text as role, department_id from app_user where username = $1',
    [username],
  );
  return user;
}

/** An entry written the only way the log accepts, through append_access_log, at a chosen time. */
export interface FixtureEntry {
  actor: DemoUser;
  at: Date;
  entityId?: number | null;
  entityType?: string;
  outcome?: 'FULL' | 'MASKED' | 'DENIED';
  fields?: string[];
  purpose?: string | null;
  basis?: string;
}

export async function appendEntries(api: TestApi, entries: FixtureEntry[]): Promise<void> {
  const rows = entries.map((entry) => ({
    occurred_at: entry.at.toISOString(),
    request_id: randomUUID(),
    operation_name: 'Fixture',
    actor_user_id: entry.actor.id,
    actor_role: entry.actor.role,
    actor_department_id: entry.actor.department_id,
    client_address: '127.0.0.1',
    action: 'READ',
    entity_type: entry.entityType ?? 'Resident',
    entity_id: entry.entityId === undefined ? 1 : entry.entityId,
    fields: entry.fields ?? ['name', 'phone'],
    outcome: entry.outcome ?? 'FULL',
    purpose: entry.purpose ?? null,
    basis: entry.basis ?? 'ROLE_SCOPE',
    rule: 'fixture',
  }));
  await sql(api, 'select append_access_log($1::jsonb)', [JSON.stringify(rows)]);
}

/** A time in Asia/Shanghai (UTC+8, no daylight saving) on a day some months back, as a UTC Date. */
export function shanghaiTime(monthsAgo: number, day: number, hour: number, minute = 0, second = 0): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, day, hour - 8, minute, second));
}

export const minutesAfter = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000);

/** Resident ids to read, in a stable order. */
export async function residentIds(api: TestApi, count: number): Promise<number[]> {
  const rows = await sql<{ id: number }>(api, 'select id from resident order by id limit $1', [count]);
  return rows.map((row) => row.id);
}
