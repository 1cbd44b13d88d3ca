import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { idOfType } from '../../common/global-id';
import type { Policy } from '../../policy/policy';
import { badInput } from '../../common/errors';
import { Department } from '../department/department.entity';
import { Worker } from '../worker/worker.entity';
import type { MoveInput } from './case-move';
import { Case } from './case.entity';
import { trimmed } from './case-validation';

const MAX_DEADLINE_MS = 366 * 24 * 3_600_000;

/** A command's arguments as the client sent them: ids are global ids, texts untrimmed. */
export interface CommandArguments {
  id: string;
  expectedVersion?: number | null;
  note?: string | null;
  reason?: string | null;
  satisfaction?: number | null;
  department?: string | null;
  dueAt?: Date | null;
  worker?: string | null;
  duplicateOf?: string | null;
}

/** Resolves a command's ids to rows and checks them against the case; unknown ids are bad input. */
export async function resolveMoveInput(
  em: EntityManager,
  policy: Policy,
  args: CommandArguments,
  kase: Case,
  now: Date,
): Promise<MoveInput> {
  return {
    note: trimmed(args.reason ?? args.note),
    satisfaction: args.satisfaction ?? null,
    dueAt: args.dueAt ? deadline(args.dueAt, now) : null,
    department: args.department ? await department(em, args.department) : null,
    worker: args.worker ? await handlerFor(em, policy, args.worker, kase) : null,
    duplicateOf: args.duplicateOf ? await originalOf(em, policy, args.duplicateOf, kase) : null,
  };
}

function deadline(dueAt: Date, now: Date): Date {
  if (dueAt.getTime() <= now.getTime()) throw badInput('input.dueAt', 'the deadline must be in the future');
  if (dueAt.getTime() - now.getTime() > MAX_DEADLINE_MS)
    throw badInput('input.dueAt', 'the deadline must be within a year');
  return dueAt;
}

async function department(em: EntityManager, id: string): Promise<Department> {
  const found = await em.findOne(Department, { id: idOfType(id, 'Department', 'input.department') });
  if (!found) throw badInput('input.department', `no department ${id}`);
  return found;
}

/** The handler must be a worker the caller may see, from the community the case is in. */
async function handlerFor(em: EntityManager, policy: Policy, id: string, kase: Case): Promise<Worker> {
  const where = policy.scoped('Worker', { id: idOfType(id, 'Worker', 'input.worker') });
  const worker = await em.findOne(Worker, where as FilterQuery<Worker>);
  if (!worker) throw badInput('input.worker', `no worker ${id} among those you may assign`);
  if (!kase.gridPath.startsWith(worker.homeGridPath))
    throw badInput('input.worker', 'the worker belongs to another community than the case');
  return worker;
}

async function originalOf(em: EntityManager, policy: Policy, id: string, kase: Case): Promise<Case> {
  const originalId = idOfType(id, 'Case', 'input.duplicateOf');
  if (originalId === kase.id) throw badInput('input.duplicateOf', 'a case cannot duplicate itself');
  const original = await em.findOne(Case, policy.scoped('Case', { id: originalId }) as FilterQuery<Case>);
  if (!original) throw badInput('input.duplicateOf', `no case ${id}`);
  return original;
}
