import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { Cell, copyLine, PgCopySink } from './copy';
import { Rng } from './prng';

/**
 * Access-log history for benchmarks and demos (contract §11: ~5,000,000 entries at district scale). Entries are
 * written the way the server writes them, but in bulk: COPY instead of append_access_log, with the hash
 * chain computed here exactly as access_log_content_digest/access_log_hash compute it in the database, so
 * verify_access_log accepts the result.
 */
export interface AccessLogSeedOptions {
  /** The clock the history ends at; defaults to the real one. */
  now?: Date;
  /** How far back the history starts, in days (monthly partitions exist for the last 12 months). */
  days?: number;
  seed?: number;
  log?: (line: string) => void;
}

export type AccessLogSeedSummary = { entries: number; firstId: number; lastId: number; seconds: number };

/** The key append_access_log locks in shared mode: held exclusively, no request appends until our commit. */
const ACCESS_LOG_LOCK = 3_706_140_002;
const DAY_US = 86_400_000_000;
const COLUMNS = [
  'id',
  'occurred_at',
  'request_id',
  'operation_name',
  'actor_user_id',
  'actor_role',
  'actor_department_id',
  'client_address',
  'action',
  'entity_type',
  'entity_id',
  'fields',
  'outcome',
  'purpose',
  'basis',
  'rule',
  'prev_hash',
  'hash',
  'chain',
  'position',
];

type Actor = { id: number; role: string; departmentId: number | null; residentId: number | null };

/** Who can appear in the log: the district's users, its residents, which worker looks after which grid, and who is delegated. */
interface Cast {
  byRole: Map<string, Actor[]>;
  residents: number[];
  residentsOfGrid: Map<number, number[]>;
  gridWorkers: Array<{ actor: Actor; gridId: number }>;
  /** Residents delegation 1 (the demo's welfare check) covers: the only ones its department reads. */
  delegated: number[];
}

/** One kind of request as the API logs it; shares are per cent of requests; fields sorted, as the recorder writes them. */
interface RequestKind {
  share: number;
  role: string;
  operation: string;
  action: 'READ' | 'SEARCH';
  fields: string[];
  outcome: 'FULL' | 'MASKED' | 'DENIED';
  basis: string;
  purpose?: string;
  rule: string;
  /** Residents read in one request: a page, or a single record. */
  size: [number, number];
  /** Whose records: a grid worker's own grid, the delegated ones, the reader's own, or anyone in the district. */
  among: 'ownGrid' | 'delegated' | 'self' | 'district';
}

const KINDS: RequestKind[] = [
  {
    share: 52,
    role: 'GRID_WORKER',
    operation: 'GridResidents',
    action: 'SEARCH',
    fields: ['address', 'idNumber', 'name', 'phone'],
    outcome: 'FULL',
    basis: 'ROLE_SCOPE',
    rule: 'GRID_WORKER.Resident',
    size: [5, 50],
    among: 'ownGrid',
  },
  {
    share: 18,
    role: 'GRID_WORKER',
    operation: 'ResidentDetail',
    action: 'READ',
    fields: ['address', 'birthDate', 'categories', 'household', 'idNumber', 'name', 'phone'],
    outcome: 'FULL',
    basis: 'ROLE_SCOPE',
    rule: 'GRID_WORKER.Resident',
    size: [1, 1],
    among: 'ownGrid',
  },
  {
    share: 8,
    role: 'GRID_LEADER',
    operation: 'CommunityResidents',
    action: 'SEARCH',
    fields: ['address', 'name', 'phone'],
    outcome: 'FULL',
    basis: 'ROLE_SCOPE',
    rule: 'GRID_LEADER.Resident',
    size: [10, 50],
    among: 'district',
  },
  {
    share: 7,
    role: 'DEPARTMENT_OFFICER',
    operation: 'DelegatedResidents',
    action: 'SEARCH',
    fields: ['address', 'birthDate', 'categories', 'name', 'phone'],
    outcome: 'FULL',
    basis: 'DELEGATION:1',
    purpose: 'WELFARE_CHECK',
    rule: 'delegation.WELFARE_CHECK',
    size: [10, 100],
    among: 'delegated',
  },
  {
    share: 6,
    role: 'COMMAND_CENTER',
    operation: 'OverdueCases',
    action: 'SEARCH',
    fields: ['name'],
    outcome: 'MASKED',
    basis: 'ROLE_SCOPE',
    rule: 'COMMAND_CENTER.Resident',
    size: [1, 20],
    among: 'district',
  },
  {
    share: 4,
    role: 'STREET_ADMIN',
    operation: 'StreetResidents',
    action: 'SEARCH',
    fields: ['idNumber'],
    outcome: 'MASKED',
    basis: 'ROLE_SCOPE',
    rule: 'STREET_ADMIN.Resident',
    size: [10, 50],
    among: 'district',
  },
  {
    share: 3,
    role: 'COMMAND_CENTER',
    operation: 'ResidentById',
    action: 'READ',
    fields: ['idNumber'],
    outcome: 'DENIED',
    basis: 'ROLE_SCOPE',
    rule: 'COMMAND_CENTER:Resident.idNumber',
    size: [1, 1],
    among: 'district',
  },
  {
    share: 1,
    role: 'DISTRICT_ADMIN',
    operation: 'ResidentExport',
    action: 'SEARCH',
    fields: ['address', 'birthDate', 'name', 'phone'],
    outcome: 'FULL',
    basis: 'ROLE_SCOPE',
    rule: 'DISTRICT_ADMIN.Resident',
    size: [50, 200],
    among: 'district',
  },
  {
    share: 1,
    role: 'RESIDENT',
    operation: 'MyRecord',
    action: 'READ',
    fields: ['address', 'idNumber', 'name', 'phone'],
    outcome: 'FULL',
    basis: 'SELF',
    rule: 'RESIDENT.Resident',
    size: [1, 1],
    among: 'self',
  },
];

/**
 * Appends `count` entries to the end of one chain (the least used), in one transaction under the log's
 * advisory lock held exclusively, so no request appends meanwhile: ids come from access_log_id_seq, the
 * chain continues from its head, and times run forward from max(now - days, the head's time) to now so that
 * positions and times keep the same order. The head is moved to the last entry written.
 */
export async function seedAccessLog(
  databaseUrl: string,
  count: number,
  options: AccessLogSeedOptions = {},
): Promise<AccessLogSeedSummary> {
  const started = performance.now();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const firstId = await underLogLock(client, () => appendGenerated(client, count, options));
    options.log?.(`access log: ${count.toLocaleString('en-US')} entries, ids ${firstId}–${firstId + count - 1}`);
    await client.query('ANALYZE access_log');
    return { entries: count, firstId, lastId: firstId + count - 1, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

/** One transaction holding the log's lock exclusively: all entries or none, and nobody appends in between. */
async function underLogLock<T>(client: Client, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [ACCESS_LOG_LOCK]);
    // A lost seed is simply rerun; waiting for the WAL flush of millions of rows buys nothing.
    await client.query('SET LOCAL synchronous_commit = off');
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Streams the generated entries into COPY; answers the first id used. */
async function appendGenerated(client: Client, count: number, options: AccessLogSeedOptions): Promise<number> {
  const cast = await readCast(client);
  const head = await leastUsedChain(client);
  const firstId = await reserveIds(client, count);
  const nowUs = (options.now ?? new Date()).getTime() * 1000;
  const fromUs = Math.max(nowUs - (options.days ?? 150) * DAY_US, head.atUs + 1);
  const toUs = Math.max(nowUs, fromUs);
  const end = { ...head };
  const entries = generateEntries(cast, new Rng(options.seed ?? 20261128), count, firstId, end, fromUs, toUs);
  await new PgCopySink(client).copy('access_log', COLUMNS, entries);
  await client.query(
    `update access_log_chain set position = $2, hash = $3, occurred_at = to_timestamp($4::double precision / 1000000)
      where chain = $1`,
    [end.chain, end.position, end.hash, end.atUs],
  );
  await assertDatabaseAgrees(client, firstId, firstId + count - 1);
  return firstId;
}

/** If the hash definition in the migrations changes, fail before committing a chain verify_access_log would reject. */
async function assertDatabaseAgrees(client: Client, firstId: number, lastId: number): Promise<void> {
  const { rows } = await client.query<{ id: string }>(
    'select id from access_log a where id in ($1, $2) and hash <> access_log_hash(a)',
    [firstId, lastId],
  );
  if (rows.length)
    throw new Error(
      `access_log_hash disagrees with seeds/access-log.ts on entry ${rows[0].id}: the hash definition changed`,
    );
}

async function readCast(client: Client): Promise<Cast> {
  const users = await client.query<{
    id: number;
    role: string;
    department_id: number | null;
    resident_id: number | null;
    grid_id: number | null;
  }>(
    `select u.id, u.role, u.department_id, u.resident_id, a.grid_id from app_user u
       left join grid_assignment a on a.worker_id = u.worker_id and a.role = 'GRID_WORKER' and u.role = 'GRID_WORKER'
      where u.active order by u.id, a.grid_id`,
  );
  const residents = await client.query<{ id: number; grid_id: number }>('select id, grid_id from resident order by id');
  if (residents.rowCount === 0) throw new Error('no residents: seed the district before its access log');
  const delegated = await client.query<{ id: number }>(
    `select r.id from delegation d join grid g on g.id = d.grid_id join resident r on r.grid_path like g.path || '%'
      where d.id = 1 and exists (select 1 from resident_category rc join special_category c on c.id = rc.category_id
                                  where rc.resident_id = r.id and c.code = any(d.category_codes)) order by r.id`,
  );
  const cast: Cast = {
    byRole: new Map(),
    residents: [],
    residentsOfGrid: new Map(),
    gridWorkers: [],
    delegated: delegated.rows.map((row) => row.id),
  };
  for (const row of residents.rows) {
    cast.residents.push(row.id);
    const inGrid = cast.residentsOfGrid.get(row.grid_id) ?? [];
    cast.residentsOfGrid.set(row.grid_id, inGrid);
    inGrid.push(row.id);
  }
  for (const row of users.rows) {
    const actor: Actor = { id: row.id, role: row.role, departmentId: row.department_id, residentId: row.resident_id };
    const ofRole = cast.byRole.get(row.role) ?? [];
    if (ofRole.at(-1)?.id !== row.id) ofRole.push(actor);
    cast.byRole.set(row.role, ofRole);
    if (row.grid_id !== null && cast.residentsOfGrid.has(row.grid_id))
      cast.gridWorkers.push({ actor, gridId: row.grid_id });
  }
  return cast;
}

/** Where the history goes: the chain with the fewest entries, continued from its head. */
interface ChainEnd {
  chain: number;
  position: number;
  hash: string;
  atUs: number;
}

async function leastUsedChain(client: Client): Promise<ChainEnd> {
  const { rows } = await client.query<{ chain: number; position: string; hash: string; at_us: string | null }>(
    `select chain, position::text, hash,
            case when occurred_at > '-infinity' then (extract(epoch from occurred_at) * 1000000)::bigint end as at_us
       from access_log_chain order by position, chain limit 1 for update`,
  );
  if (!rows.length) throw new Error('the access log has no chains: migrate first');
  const [row] = rows;
  return { chain: row.chain, position: Number(row.position), hash: row.hash, atUs: Number(row.at_us ?? 0) };
}

/** Takes `count` consecutive ids in one step; safe because every other taker waits for the lock we hold. */
async function reserveIds(client: Client, count: number): Promise<number> {
  const { rows } = await client.query<{ last: string }>(
    `select setval('access_log_id_seq', nextval('access_log_id_seq') + $1 - 1) as last`,
    [count],
  );
  return Number(rows[0].last) - count + 1;
}

function* generateEntries(
  cast: Cast,
  rng: Rng,
  count: number,
  firstId: number,
  end: ChainEnd,
  fromUs: number,
  toUs: number,
): Generator<string> {
  const pick = kindPicker();
  let written = 0;
  while (written < count) {
    const kind = pick(rng);
    const { actor, subjects } = requestOf(kind, cast, rng);
    const atUs = Math.floor(fromUs + ((toUs - fromUs) * written) / count);
    const request = {
      atUs,
      requestId: uuidOf(rng),
      actor,
      kind,
      address: `10.${(actor.id >> 8) & 255}.${actor.id & 255}.${rng.int(2, 250)}`,
    };
    for (const subject of subjects.slice(0, count - written)) {
      const row = entryRow(firstId + written, request, subject, end);
      Object.assign(end, { position: end.position + 1, hash: row.hash, atUs: request.atUs });
      written++;
      yield copyLine(row.cells);
    }
  }
}

function kindPicker(): (rng: Rng) => RequestKind {
  const total = KINDS.reduce((sum, kind) => sum + kind.share, 0);
  return (rng) => {
    let roll = rng.next() * total;
    for (const kind of KINDS) if ((roll -= kind.share) < 0) return kind;
    return KINDS[0];
  };
}

function requestOf(kind: RequestKind, cast: Cast, rng: Rng): { actor: Actor; subjects: number[] } {
  const page = (records: number[]) => {
    const start = rng.int(0, records.length - 1);
    return records.slice(start, start + rng.int(kind.size[0], kind.size[1]));
  };
  if (kind.among === 'ownGrid' && cast.gridWorkers.length) {
    const { actor, gridId } = rng.pick(cast.gridWorkers);
    return { actor, subjects: page(cast.residentsOfGrid.get(gridId)!) };
  }
  const actor = rng.pick(cast.byRole.get(kind.role) ?? cast.byRole.get('DISTRICT_ADMIN')!);
  if (kind.among === 'self' && actor.residentId) return { actor, subjects: [actor.residentId] };
  if (kind.among === 'delegated' && cast.delegated.length) return { actor, subjects: page(cast.delegated) };
  return { actor, subjects: page(cast.residents) };
}

type LoggedRequest = { atUs: number; requestId: string; actor: Actor; kind: RequestKind; address: string };

/**
 * One row and its hash: the content digest is access_log_content_digest's concat_ws('|', …), field for
 * field, and the chained hash is sha256(previous hash || content digest), as access_log_hash computes it.
 */
function entryRow(
  id: number,
  request: LoggedRequest,
  residentId: number,
  after: ChainEnd,
): { cells: Cell[]; hash: string } {
  const { kind, actor } = request;
  const prevHash = after.hash;
  const position = after.position + 1;
  const content = [
    id,
    request.atUs,
    request.requestId,
    kind.operation,
    actor.id,
    actor.role,
    actor.departmentId ?? '',
    request.address,
    kind.action,
    'Resident',
    residentId,
    kind.fields.join(','),
    kind.outcome,
    kind.purpose ?? '',
    kind.basis,
    kind.rule,
    after.chain,
    position,
  ].join('|');
  const digest = createHash('sha256').update(content, 'utf8').digest('hex');
  const hash = createHash('sha256')
    .update(prevHash + digest, 'utf8')
    .digest('hex');
  const cells = [
    id,
    timestampOf(request.atUs),
    request.requestId,
    kind.operation,
    actor.id,
    actor.role,
    actor.departmentId,
    request.address,
    kind.action,
    'Resident',
    residentId,
    kind.fields,
    kind.outcome,
    kind.purpose ?? null,
    kind.basis,
    kind.rule,
    prevHash,
    hash,
    after.chain,
    position,
  ];
  return { cells, hash };
}

/** ISO 8601 with microseconds, the precision the canonical form hashes. */
function timestampOf(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString().replace('Z', `${String(us % 1000).padStart(3, '0')}Z`);
}

/** A version-4-shaped UUID from the seeded generator, so the same seed gives the same log. */
function uuidOf(rng: Rng): string {
  const hex = Array.from({ length: 4 }, () =>
    Math.floor(rng.next() * 2 ** 32)
      .toString(16)
      .padStart(8, '0'),
  ).join('');
  const variant = ((parseInt(hex[16], 16) & 3) | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
