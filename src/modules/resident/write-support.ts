import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { subject } from '@casl/ability';
import type { GraphQLError } from 'graphql';
import { apiError, badInput } from '../../common/errors';
import { runSql } from '../../db/sql';
import type { Action, SubjectType } from '../../policy/ability';
import type { Principal } from '../../policy/principal';
import { declarationByName } from '../../policy/schema-tiers';
import { elevatedName, FieldTier, tierGrant } from '../../common/tiers';
import type { ChangeActor } from '../history/change-recorder';
import type { RequestContext } from '../request-context';

/** What a command stores for a client key: the entity its first run answered with. */
interface Receipt {
  command: string;
  entity_id: number;
}

/** A write's conflict, naming the argument a client should look at again. */
export function conflictOn(argumentName: string, message: string): GraphQLError {
  return apiError('CONFLICT', `${argumentName}: ${message}`, { argumentName });
}

export function assertVersion(expected: number, actual: number, what: string): void {
  if (expected !== actual)
    throw conflictOn('input.expectedVersion', `${what} is at version ${actual} now, not ${expected}; reload it`);
}

export function actorOf(principal: Principal): ChangeActor {
  return { userId: principal.userId, username: principal.username, role: principal.role };
}

/** A row as the policy's write rules see it: plain values, the resident's path nested as rules name it. */
export function writeSubject(type: SubjectType, facts: Record<string, unknown>) {
  return subject(type, { ...facts });
}

/**
 * The write tier of each field given: a field above what the caller may write on this row is FORBIDDEN,
 * naming the argument (`input.<field>`), and the refusal is logged as DENIED.
 */
export function assertFieldsWritable(
  ctx: RequestContext,
  action: Action,
  type: SubjectType,
  row: object,
  fields: string[],
  elevated = false,
): void {
  for (const field of fields) {
    const declaration = declarationByName(type, field);
    const rises = elevated && declaration.elevation !== undefined;
    const tier = rises ? declaration.elevation!.tier : declaration.tier;
    if (tier === FieldTier.PUBLIC) continue;
    const name = rises ? elevatedName(field) : field;
    if (ctx.policy.can(action, row, tierGrant(tier)) || ctx.policy.can(action, row, name)) continue;
    const refusal = ctx.policy.refusal(action, type, `write ${type}.${field}`, (row as { id?: number }).id ?? null);
    Object.assign(refusal.extensions, { argumentName: `input.${field}` });
    throw refusal;
  }
}

/**
 * One command, one transaction, retried safely: with a client key, the first run's entity is kept as a
 * receipt in the same transaction, and a retry answers with that entity instead of running again. A stale
 * version found only by the UPDATE (a concurrent write) answers CONFLICT.
 */
export async function runCommand<T extends { id: number }>(
  ctx: RequestContext,
  command: { name: string; clientKey?: string | null; entityType: string },
  load: (id: number) => Promise<T>,
  run: (em: EntityManager) => Promise<T>,
): Promise<T> {
  const key = command.clientKey ?? null;
  const earlier = key ? await receiptOf(ctx.em, ctx.policy.principal.userId, key) : null;
  if (earlier) return answerRetry(earlier, command.name, load);
  try {
    return await ctx.em.fork().transactional(async (fork) => {
      const em = fork as EntityManager;
      const result = await run(em);
      await em.flush();
      if (key) await keepReceipt(em, ctx.policy.principal.userId, key, command, result.id);
      return result;
    });
  } catch (error) {
    if (error instanceof OptimisticLockError)
      throw conflictOn('input.expectedVersion', 'someone changed the record meanwhile; reload it and try again');
    const raced = key && error instanceof UniqueConstraintViolationException;
    const winner = raced ? await receiptOf(ctx.em, ctx.policy.principal.userId, key) : null;
    if (winner) return answerRetry(winner, command.name, load);
    throw error;
  }
}

function answerRetry<T>(receipt: Receipt, command: string, load: (id: number) => Promise<T>): Promise<T> {
  if (receipt.command !== command)
    throw conflictOn('input.clientKey', `this key was already used for ${receipt.command}`);
  return load(receipt.entity_id);
}

async function receiptOf(em: EntityManager, userId: number, key: string): Promise<Receipt | null> {
  const rows = await runSql<Receipt[]>(
    em,
    'select command, entity_id from command_receipt where user_id = ? and client_key = ?',
    [userId, key],
  );
  return rows[0] ?? null;
}

async function keepReceipt(
  em: EntityManager,
  userId: number,
  key: string,
  command: { name: string; entityType: string },
  entityId: number,
): Promise<void> {
  await runSql(
    em,
    'insert into command_receipt (user_id, client_key, command, entity_type, entity_id) values (?, ?, ?, ?, ?)',
    [userId, key, command.name, command.entityType, entityId],
  );
}

/** A date given as text must be a real calendar day, not in the future. */
export function pastDate(argumentName: string, text: string, today = new Date()): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== text)
    throw badInput(argumentName, `"${text}" is not a date of the calendar (YYYY-MM-DD)`);
  if (date.getTime() > today.getTime()) throw badInput(argumentName, `${text} lies in the future`);
  if (date.getUTCFullYear() < 1880) throw badInput(argumentName, `${text} lies too far in the past`);
  return text;
}
