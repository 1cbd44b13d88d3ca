import { Client } from 'pg';
import type { TestApi } from './api';

/** Reads the test database directly, to compute what an answer should be independently of the API. */
export async function sql<T = Record<string, unknown>>(
  api: TestApi,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: api.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Paths of the grids a demo login's worker is assigned to. */
export async function assignedPaths(api: TestApi, username: string): Promise<string[]> {
  const rows = await sql<{ path: string }>(
    api,
    `select g.path from app_user u join grid_assignment a on a.worker_id = u.worker_id and a.role = 'GRID_WORKER'
       join grid g on g.id = a.grid_id where u.username = $1`,
    [username],
  );
  return rows.map((row) => row.path);
}

export async function scopePath(api: TestApi, username: string): Promise<string> {
  const [row] = await sql<{ path: string }>(
    api,
    'select g.path from app_user u join grid g on g.id = u.scope_grid_id where u.username = $1',
    [username],
  );
  return row.path;
}

export function globalId(typeName: string, id: number): string {
  return Buffer.from(`${typeName}:${id}`).toString('base64url');
}
