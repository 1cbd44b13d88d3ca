import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config/config';

/** One chain's head as a checkpoint records it. */
export interface ChainHead {
  chain: number;
  position: number;
  hash: string;
}

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

export function signSeal(key: Buffer, sealedAt: Date, root: string): string {
  return createHmac('sha256', key).update(`access-log-seal|${sealedAt.toISOString()}|${root}`).digest('hex');
}

export function sealIsSigned(key: Buffer, sealedAt: Date, root: string, signature: string): boolean {
  const expected = Buffer.from(signSeal(key, sealedAt, root), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Seals the heads of all chains as they are committed now into one signed checkpoint. The heads are read
 * in one statement, so they are one consistent state of every chain; nothing waits for a writer.
 */
export async function sealAccessLog(em: EntityManager, key: Buffer): Promise<ChainHead[]> {
  const connection = em.getConnection();
  const rows = await connection.execute<{ chain: number; position: string; hash: string; now: Date }[]>(
    'select chain, position::text, hash, clock_timestamp() as now from access_log_chain order by chain',
  );
  const heads = rows.map((row) => ({ chain: row.chain, position: Number(row.position), hash: row.hash }));
  const sealedAt = new Date(rows[0]?.now ?? Date.now());
  const root = merkleRoot(heads);
  await connection.execute(
    'insert into access_log_seal (sealed_at, heads, root, signature) values (?, ?::jsonb, ?, ?)',
    [sealedAt, JSON.stringify(heads), root, signSeal(key, sealedAt, root)],
  );
  return heads;
}
