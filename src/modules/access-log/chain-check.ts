import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '../../db/sql';

/** What recomputing the chains over a window showed: entries checked, and the first that does not hold. */
export interface ChainCheck {
  ok: boolean;
  checked: number;
  firstBadId: string | null;
  problem: string | null;
}

interface Outcome {
  ok: boolean;
  checked: string;
  first_bad_id: string | null;
  problem: string | null;
}

interface Span {
  chain: number;
  first_position: string | null;
  last_position: string | null;
  has_head: boolean;
  head_position: string | null;
  head_hash: string | null;
}

interface Batch extends Outcome {
  last_hash: string | null;
  next_position: string | null;
}

/**
 * Positions of one chain checked per statement: a batch of this many takes well under a second, so a window
 * of any length stays within the statement timeout.
 */
export const VERIFY_BATCH_POSITIONS = 50_000;

/**
 * Recomputes every chain over [from, to) in the database, where the entries are, in batches of positions per
 * chain that carry the expected hash and position forward: the same checks as verify_access_log, in statements
 * of one read-only repeatable-read transaction, so that every batch sees the log as it was when the first began.
 */
export async function verifyChains(
  em: EntityManager,
  from: Date,
  to: Date,
  batchPositions = VERIFY_BATCH_POSITIONS,
): Promise<ChainCheck> {
  return em.transactional(
    async (tx) => {
      const txEm = tx as EntityManager;
      const [legacy] = await runSql<Outcome[]>(txEm, 'select * from verify_access_log_legacy(?, ?)', [from, to]);
      let checked = Number(legacy.checked);
      if (!legacy.ok) return failure(checked, legacy);
      const spans = await runSql<Span[]>(txEm, 'select * from access_log_verify_spans(?, ?)', [from, to]);
      for (const span of spans) {
        const walked = await walkSpan(txEm, span, batchPositions);
        checked += walked.checked;
        if (walked.failed) return failure(checked, walked.failed);
        const [end] = await runSql<Omit<Outcome, 'checked'>[]>(
          txEm,
          'select * from verify_access_log_chain_end(?, ?, ?, ?, ?, ?, ?)',
          [
            span.chain,
            span.first_position,
            span.last_position,
            walked.lastHash,
            span.has_head,
            span.head_position,
            span.head_hash,
          ],
        );
        if (!end.ok) return failure(checked, end);
      }
      return { ok: true, checked, firstBadId: null, problem: null };
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
  );
}

const failure = (checked: number, outcome: Omit<Outcome, 'checked'>): ChainCheck => ({
  ok: false,
  checked,
  firstBadId: outcome.first_bad_id,
  problem: outcome.problem,
});

/** A chain's span in the window, batch by batch; the hash the last batch ended with is what the head must be. */
async function walkSpan(em: EntityManager, span: Span, batchPositions: number) {
  let checked = 0;
  if (span.first_position === null || span.last_position === null) return { checked, lastHash: null, failed: null };
  const last = BigInt(span.last_position);
  let carried: { hash: string | null; position: string | null } = { hash: null, position: null };
  for (let start = BigInt(span.first_position); start <= last; start += BigInt(batchPositions)) {
    const end = start + BigInt(batchPositions) - 1n;
    const [batch] = await runSql<Batch[]>(em, 'select * from verify_access_log_positions(?, ?, ?, ?, ?, ?)', [
      span.chain,
      start.toString(),
      (end < last ? end : last).toString(),
      carried.hash,
      carried.position,
      start === BigInt(span.first_position),
    ]);
    checked += Number(batch.checked);
    if (!batch.ok) return { checked, lastHash: null, failed: batch };
    carried = { hash: batch.last_hash, position: batch.next_position };
  }
  return { checked, lastHash: carried.hash, failed: null };
}
