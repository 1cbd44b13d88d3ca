import { RegisterResidentDocument, RegisterResidentInput } from '../../generated/graphql';
import type { GraphQLResponse, TestApi } from '../../support/api';
import { assignedPaths, globalId, scopePath, sql } from '../../support/sql';
import { makeIdNumber } from '../../../seeds/id-number';

interface GridRef {
  id: number;
  path: string;
  globalId: string;
  name: string;
}

/** Grids of the demo district as seen from worker.demo: its own, its community's, its street's, another street's. */
export interface RegistryWorld {
  workerGrid: GridRef;
  communityGrid: GridRef;
  streetGrid: GridRef;
  otherStreetGrid: GridRef;
}

async function gridWhere(api: TestApi, condition: string, params: unknown[]): Promise<GridRef> {
  const [row] = await sql<{ id: number; path: string; name: string }>(
    api,
    `select id, path, name from grid where level = 3 and ${condition} order by id limit 1`,
    params,
  );
  if (!row) throw new Error(`no grid where ${condition}`);
  return { ...row, globalId: globalId('Grid', row.id) };
}

export async function registryWorld(api: TestApi): Promise<RegistryWorld> {
  const assigned = await assignedPaths(api, 'worker.demo');
  const community = await scopePath(api, 'leader.demo');
  const street = await scopePath(api, 'street.demo');
  return {
    workerGrid: await gridWhere(api, 'path = $1', [assigned[0]]),
    communityGrid: await gridWhere(api, 'path like $1 and not path = any($2)', [`${community}%`, assigned]),
    streetGrid: await gridWhere(api, 'path like $1 and path not like $2', [`${street}%`, `${community}%`]),
    otherStreetGrid: await gridWhere(api, 'path not like $1', [`${street}%`]),
  };
}

let sequence = 100 + Math.floor(Math.random() * 300);

/** A person nobody in the demo district has: a Beijing region code, which the demo data never uses. */
export function newPerson(grid: string, overrides: Partial<RegisterResidentInput> = {}): RegisterResidentInput {
  sequence += 2;
  const birthDate = overrides.birthDate ?? '1985-06-15';
  return {
    grid,
    name: '测试居民',
    gender: 'MALE' as RegisterResidentInput['gender'],
    birthDate,
    idNumber: makeIdNumber('110101', birthDate, sequence % 2 === 1 ? sequence : sequence + 1),
    phone: '13800001111',
    address: '蓬莱区登州街道钟楼社区1号楼101',
    residenceType: 'REGISTERED' as RegisterResidentInput['residenceType'],
    ...overrides,
  };
}

export async function register(
  api: TestApi,
  username: string,
  input: RegisterResidentInput,
): Promise<GraphQLResponse<{ registerResident: { id: string; version: number } }>> {
  return api.request(RegisterResidentDocument, { input }, { token: await api.login(username) });
}

export function codeOf(response: GraphQLResponse<unknown>): { code?: unknown; argumentName?: unknown } {
  const extensions = response.errors?.[0]?.extensions ?? {};
  return { code: extensions.code, argumentName: extensions.argumentName };
}

export async function deniedCount(api: TestApi, entityType: string): Promise<number> {
  const [row] = await sql<{ n: string }>(
    api,
    `select count(*) as n from access_log where outcome = 'DENIED' and entity_type = $1`,
    [entityType],
  );
  return Number(row.n);
}
