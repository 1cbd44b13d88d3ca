import type { EntityManager } from '@mikro-orm/postgresql';
import { ChainHead, merkleRoot, sealIsSigned } from '../../audit/access-log-seal';

/** What the checkpoints showed: how many were checked, and the first that does not hold, if any. */
export interface SealCheck {
  checked: number;
  failure: { entryId: string | null; problem: string } | null;
}

interface SealRow {
  id: string;
  sealed_at: Date;
  heads: ChainHead[];
  root: string;
  signature: string;
}

interface Disagreement {
  seal: string;
  chain: number;
  position: string;
  entry_id: string | null;
}

/**
 * Checks the signed checkpoints taken within [from, to): each must carry this service's signature over the
 * Merkle root of the heads it lists, and each head the newest lists must still be in the log with the sealed
 * hash (or lie in a month retention dropped). This is what catches a chain rewritten or cut short together with
 * its head row: the chains alone cannot, the key is not in the database.
 */
export async function checkSeals(em: EntityManager, key: Buffer, from: Date, to: Date): Promise<SealCheck> {
  const connection = em.getConnection();
  const seals = await connection.execute<SealRow[]>(
    'select id::text, sealed_at, heads, root, signature from access_log_seal where sealed_at >= ? and sealed_at < ? order by id',
    [from, to],
  );
  for (const seal of seals) {
    if (merkleRoot(seal.heads) !== seal.root || !sealIsSigned(key, new Date(seal.sealed_at), seal.root, seal.signature))
      return {
        checked: seals.length,
        failure: { entryId: null, problem: `checkpoint ${seal.id} is not signed by this service (forged or altered)` },
      };
  }
  // The newest checkpoint is enough for the heads: an entry rewritten anywhere before it changes every hash
  // after it, the sealed head's included; one removed from the end leaves the sealed position empty.
  const newest = seals.at(-1);
  const sealed = newest ? newest.heads.map((head) => ({ seal: newest.id, ...head })) : [];
  const [bad] = await connection.execute<Disagreement[]>(
    `select s.seal::text, s.chain, s.position::text, e.id::text as entry_id
       from jsonb_to_recordset(?::jsonb) as s(seal bigint, chain smallint, position bigint, hash text)
       left join lateral (select a.id, a.hash from access_log a
                           where a.chain = s.chain and a.position = s.position order by a.id limit 1) e on true
      where s.position > 0
        and (e.hash is distinct from s.hash)
        and (e.id is not null or not exists (select 1 from access_log_checkpoint c
                                              where c.chain = s.chain and c.last_position >= s.position))
      order by s.seal, s.chain limit 1`,
    [JSON.stringify(sealed)],
  );
  if (!bad) return { checked: seals.length, failure: null };
  const what = bad.entry_id ? 'differs from the sealed one' : 'is missing';
  const problem = `chain ${bad.chain} position ${bad.position} ${what} (checkpoint ${bad.seal}): entries were rewritten or removed`;
  return { checked: seals.length, failure: { entryId: bad.entry_id, problem } };
}
