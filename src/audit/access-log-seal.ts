import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config/config';
import { runSql } from '../db/sql';

/** One chain's head as a checkpoint records it. */
export interface ChainHead {
  chain: number;
  position: number;
  hash: string;
}

/** What a checkpoint's signature covers. prevId null: a checkpoint from before they were linked. */
export interface SealContent {
  id: string;
  sealedAt: Date;
  root: string;
  prevId: string | null;
  prevSignature: string | null;
}

/** The newest checkpoint a process has written or linked to, per database. */
export interface KnownSeal {
  id: string;
  signature: string;
  sealedAt: Date;
}

/** Held by whoever links a checkpoint to the newest one, so two sealing at once take turns. */
const SEAL_LOCK = 3_706_140_003;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The key that signs checkpoints: ACCESS_LOG_SEAL_SECRET, or one derived from the token secret so that every
 * instance of the service signs and checks alike without another setting. Configuration refuses production
 * without either.
 */
export function sealKey(config: Config): Buffer {
  if (config.ACCESS_LOG_SEAL_SECRET) return Buffer.from(config.ACCESS_LOG_SEAL_SECRET, 'utf8');
  if (!config.jwtSecret) throw new Error('no key to sign access-log checkpoints: set ACCESS_LOG_SEAL_SECRET');
  return createHmac('sha256', config.jwtSecret).update('access-log-seal').digest();
}

/** A Merkle root over the heads in chain order: leaves sha256("chain:position:hash"), pairs hashed upwards. */
export function merkleRoot(heads: ChainHead[]): string {
  let level = [...heads]
    .sort((a, b) => a.chain - b.chain)
    .map((head) => sha256(`${head.chain}:${head.position}:${head.hash}`));
  if (level.length === 0) return sha256('');
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? sha256(level[i] + level[i + 1]) : level[i]);
    level = next;
  }
  return level[0];
}

/** Linked checkpoints sign their own id and the link too; the older ones signed their time and root only. */
export function signSeal(key: Buffer, seal: SealContent): string {
  const text =
    seal.prevId === null
      ? `access-log-seal|${seal.sealedAt.toISOString()}|${seal.root}`
      : `access-log-seal-linked|${seal.id}|${seal.sealedAt.toISOString()}|${seal.root}|${seal.prevId}|${seal.prevSignature}`;
  return createHmac('sha256', key).update(text).digest('hex');
}

export function sealIsSigned(key: Buffer, seal: SealContent, signature: string): boolean {
  const expected = Buffer.from(signSeal(key, seal), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The newest checkpoint this process wrote or linked to, by database name. The database cannot make a
 * running process forget it: verification checks it is still there, and the next checkpoint links to it even
 * if it was removed, which leaves the removal named in a signed checkpoint for good.
 */
const knownSeals = new Map<string, KnownSeal>();

export function knownSeal(database: string): KnownSeal | undefined {
  return knownSeals.get(database);
}

/** Verification tells of the newest checkpoint it found signed, so that this process remembers it too. */
export function noteSeal(database: string, seal: KnownSeal): void {
  const known = knownSeals.get(database);
  if (!known || BigInt(seal.id) > BigInt(known.id)) knownSeals.set(database, seal);
}

/** A checkpoint written: its id, the heads it sealed, and the newest one this process knew of if that was gone. */
export interface Sealed {
  id: string;
  heads: ChainHead[];
  missing: string | null;
}

interface SealingState {
  id: string;
  now: Date;
  database: string;
  newest_id: string | null;
  newest_signature: string | null;
  newest_sealed_at: Date | null;
  heads: ChainHead[];
}

/** Links to the newer of the newest checkpoint in the table and the newest this process knows of. */
function linkOf(state: SealingState): KnownSeal {
  const known = knownSeals.get(state.database);
  const newest = state.newest_id
    ? { id: state.newest_id, signature: state.newest_signature!, sealedAt: state.newest_sealed_at! }
    : undefined;
  // Newer than the newest in the table means removed from it: the link then names it.
  if (known && (!newest || BigInt(known.id) > BigInt(newest.id))) return known;
  return newest ?? { id: '0', signature: '', sealedAt: new Date(0) };
}

/**
 * Seals the heads of all chains as they are committed now into one signed checkpoint linked to the one
 * before. The heads are read in one statement, so they are one consistent state of every chain; nothing
 * waits for a writer. Sealers take turns under an advisory lock, which makes id order the order of links.
 */
export async function sealAccessLog(em: EntityManager, key: Buffer): Promise<Sealed> {
  const sealed = await em.transactional(async (tx) => {
    const txEm = tx as EntityManager;
    await runSql(txEm, 'select pg_advisory_xact_lock(?)', [SEAL_LOCK]);
    const [state] = await runSql<SealingState[]>(
      txEm,
      `select nextval('access_log_seal_id_seq')::text as id, clock_timestamp() as now, current_database() as database,
              n.id::text as newest_id, n.signature as newest_signature, n.sealed_at as newest_sealed_at,
              coalesce((select jsonb_agg(jsonb_build_object('chain', c.chain, 'position', c.position, 'hash', c.hash)
                                         order by c.chain) from access_log_chain c), '[]'::jsonb) as heads
         from (select 1) one left join lateral (select id, signature, sealed_at from access_log_seal order by id desc limit 1) n on true`,
    );
    const link = linkOf(state);
    const content = { id: state.id, sealedAt: new Date(state.now), root: merkleRoot(state.heads), prevId: link.id };
    const seal = { ...content, prevSignature: link.signature };
    const signature = signSeal(key, seal);
    await runSql(
      txEm,
      `insert into access_log_seal (id, sealed_at, heads, root, signature, prev_id, prev_signature)
       values (?, ?, ?::jsonb, ?, ?, ?, ?)`,
      [seal.id, seal.sealedAt, JSON.stringify(state.heads), seal.root, signature, seal.prevId, seal.prevSignature],
    );
    const missing = link.id !== '0' && link.id !== state.newest_id ? link.id : null;
    const known = { id: seal.id, signature, sealedAt: seal.sealedAt };
    return { database: state.database, known, sealed: { id: seal.id, heads: state.heads, missing } };
  });
  knownSeals.set(sealed.database, sealed.known);
  return sealed.sealed;
}
