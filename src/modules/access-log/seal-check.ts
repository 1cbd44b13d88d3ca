import type { EntityManager } from '@mikro-orm/postgresql';
import { ChainHead, knownSeal, merkleRoot, noteSeal, sealIsSigned } from '../../audit/access-log-seal';

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
  prev_id: string | null;
  prev_signature: string | null;
  /** The signature of the checkpoint prev_id names, null if there is none by that id. */
  linked_signature: string | null;
  /** Whether any checkpoint has a smaller id: the first of a log (prev_id 0) must have none. */
  has_older: boolean;
}

interface Disagreement {
  seal: string;
  chain: number;
  position: string;
  entry_id: string | null;
}

const failed = (checked: number, problem: string): SealCheck => ({ checked, failure: { entryId: null, problem } });

/** The first checkpoint that is not signed by this service or whose link to the one before does not hold. */
function brokenSeal(key: Buffer, seals: SealRow[]): string | null {
  for (const seal of seals) {
    const content = {
      id: seal.id,
      sealedAt: new Date(seal.sealed_at),
      root: seal.root,
      prevId: seal.prev_id,
      prevSignature: seal.prev_signature,
    };
    if (merkleRoot(seal.heads) !== seal.root || !sealIsSigned(key, content, seal.signature))
      return `checkpoint ${seal.id} is not signed by this service (forged or altered)`;
    if (seal.prev_id === null) continue;
    if (seal.prev_id === '0') {
      if (seal.has_older) return `checkpoint ${seal.id} claims to be the first, yet older ones exist (inserted)`;
    } else if (seal.linked_signature === null) {
      return `checkpoint ${seal.prev_id} was removed: checkpoint ${seal.id} links to it`;
    } else if (seal.linked_signature !== seal.prev_signature) {
      return `checkpoint ${seal.prev_id} was altered: its signature is not the one checkpoint ${seal.id} links to`;
    }
  }
  return null;
}

/**
 * Whether the newest checkpoint this process wrote or linked to is still there, unchanged. This is what
 * catches the newest checkpoints removed: nothing after them links to them, and the database holds nothing
 * else a tamperer could not rewrite to match (see README, "The access log").
 */
async function forgottenSeal(em: EntityManager, from: Date, to: Date, newest?: SealRow): Promise<string | null> {
  const [{ database }] = await em
    .getConnection()
    .execute<{ database: string }[]>('select current_database() as database');
  const known = knownSeal(database);
  // Checked and signed: from now on this process misses it too if it goes.
  if (newest) noteSeal(database, { id: newest.id, signature: newest.signature, sealedAt: new Date(newest.sealed_at) });
  if (!known || known.sealedAt < from || known.sealedAt >= to) return null;
  const [row] = await em
    .getConnection()
    .execute<{ signature: string }[]>('select signature from access_log_seal where id = ?', [known.id]);
  if (!row) return `checkpoint ${known.id}, the newest this instance knows of, was removed`;
  return row.signature === known.signature ? null : `checkpoint ${known.id} was altered`;
}

/**
 * Checks the signed checkpoints taken within [from, to): each must carry this service's signature over its
 * id, time, the Merkle root of the heads it lists and its link, the checkpoint it links to must still be
 * there with the signature it links to, the newest one this instance knows of must still be there, and each
 * head the newest lists must still be in the log with the sealed hash (or lie in a month retention dropped).
 * This is what catches a chain rewritten or cut short together with its head row: the chains alone cannot,
 * the key is not in the database.
 */
export async function checkSeals(em: EntityManager, key: Buffer, from: Date, to: Date): Promise<SealCheck> {
  const connection = em.getConnection();
  const seals = await connection.execute<SealRow[]>(
    `select s.id::text, s.sealed_at, s.heads, s.root, s.signature, s.prev_id::text, s.prev_signature,
            p.signature as linked_signature,
            exists (select 1 from access_log_seal o where o.id < s.id) as has_older
       from access_log_seal s left join access_log_seal p on p.id = s.prev_id
      where s.sealed_at >= ? and s.sealed_at < ? order by s.id`,
    [from, to],
  );
  const broken = brokenSeal(key, seals) ?? (await forgottenSeal(em, from, to, seals.at(-1)));
  if (broken) return failed(seals.length, broken);
  return checkNewestHeads(em, seals);
}

/**
 * The newest checkpoint is enough for the heads: an entry rewritten anywhere before it changes every hash
 * after it, the sealed head's included; one removed from the end leaves the sealed position empty.
 */
async function checkNewestHeads(em: EntityManager, seals: SealRow[]): Promise<SealCheck> {
  const newest = seals.at(-1);
  const sealed = newest ? newest.heads.map((head) => ({ seal: newest.id, ...head })) : [];
  const [bad] = await em.getConnection().execute<Disagreement[]>(
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
