import { OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLError } from 'graphql';
import { idOfType } from '../../common/global-id';
import type { Policy } from '../../policy/policy';
import type { RequestContext } from '../request-context';
import { apiError, badInput, conflict, notFound } from '../../common/errors';
import { Department } from '../department/department.entity';
import { Worker } from '../worker/worker.entity';
import { CaseCategory } from './case-category.entity';
import { CommandArguments, trimmed } from './case-command.inputs';
import type { CaseCommand, Move, MoveInput, Transition } from './case-move';
import { caseSubject, factsOf } from './case-subject';
import { recordStep } from './case-timeline';
import { actionOf, commandsFrom, targetOf, transitionFor } from './case-workflow';
import { Case } from './case.entity';
import type { CaseStatus } from './case.enums';
import { publishCaseChange } from '../live/event-bus';
import { attachToCase } from '../attachment/attachment-link';

const MAX_DEADLINE_MS = 366 * 24 * 3_600_000;

/**
 * Moves cases through the workflow table (case-workflow.ts), in this order: the case as stored now, the
 * caller's permission, the table's row for its state, the row's guards, the command's inputs resolved and
 * checked, the row's effect and the timeline entry. Each move and its timeline entry commit in one
 * transaction; the case's version column makes a concurrent second move fail instead of overwriting the first.
 */
export class CaseWorkflowService {
  constructor(private readonly ctx: RequestContext) {}

  private get policy(): Policy {
    return this.ctx.policy;
  }

  async move(command: CaseCommand, args: CommandArguments): Promise<Case> {
    const caseId = idOfType(args.id, 'Case', 'input.id');
    try {
      // A fresh fork: the move must see the row as stored now, not as this request may have cached it.
      const kase = await this.ctx.em
        .fork()
        .transactional((em) => this.moveWithin(em as EntityManager, caseId, command, args));
      publishCaseChange(kase, command);
      return kase;
    } catch (error) {
      // The UPDATE found another version: someone moved the case between our read and our write.
      if (error instanceof OptimisticLockError) throw movedMeanwhile(args.id);
      throw error;
    }
  }

  private async moveWithin(
    em: EntityManager,
    caseId: number,
    command: CaseCommand,
    args: CommandArguments,
  ): Promise<Case> {
    // The fork carries the request's row policy: a case outside the caller's scope is not found.
    const kase = await em.findOne(Case, { id: caseId });
    if (!kase) throw notFound('Case', args.id);
    if (args.expectedVersion != null && args.expectedVersion !== kase.version)
      throw movedMeanwhile(args.id, kase.version);
    const transition = this.permittedTransition(kase, command);
    const move = await this.prepare(em, kase, transition, args);
    const from = kase.status;
    transition.effect(move);
    kase.status = targetOf(transition, from);
    recordStep(em, kase, move.principal, {
      action: command,
      from,
      to: kase.status,
      note: move.input.note ?? null,
      at: move.now,
    });
    await attachToCase(em, kase, move.principal.userId, args.attachmentIds);
    return kase;
  }

  /** Permission first (FORBIDDEN), then the workflow (BAD_USER_INPUT naming what is possible instead). */
  private permittedTransition(kase: Case, command: CaseCommand): Transition {
    const action = actionOf(command);
    this.policy.assertCan(action, caseSubject(factsOf(kase)), `${command} this case`, kase.id);
    const transition = transitionFor(command, kase.status);
    if (!transition) throw illegalMove(command, kase.status);
    return transition;
  }

  /** Guards in the table's order, then the command's inputs, resolved and checked against the case. */
  private async prepare(em: EntityManager, kase: Case, transition: Transition, args: CommandArguments): Promise<Move> {
    const principal = this.policy.principal;
    const move: Move = {
      kase,
      category: await em.findOneOrFail(CaseCategory, kase.category.id),
      principal,
      callerWorker: principal.workerId ? em.getReference(Worker, principal.workerId) : null,
      now: new Date(),
      input: {},
    };
    for (const guard of transition.guards) {
      const refusal = guard(move);
      if (refusal) throw refusal;
    }
    move.input = await this.resolveInput(em, args, kase, move.now);
    for (const name of transition.needs) {
      if (move.input[name as keyof MoveInput] == null) throw missingInput(name, transition.command);
    }
    return move;
  }

  /** Resolves a command's ids to rows and checks them against the case; unknown ids are bad input. */
  private async resolveInput(em: EntityManager, args: CommandArguments, kase: Case, now: Date): Promise<MoveInput> {
    return {
      note: trimmed(args.reason ?? args.note),
      satisfaction: args.satisfaction ?? null,
      dueAt: args.dueAt ? deadline(args.dueAt, now) : null,
      department: args.department ? await department(em, args.department) : null,
      worker: args.worker ? await this.handlerFor(em, args.worker, kase) : null,
      duplicateOf: args.duplicateOf ? await this.originalOf(em, args.duplicateOf, kase) : null,
    };
  }

  /** The handler must be a worker the caller may see, from the community the case is in. */
  private async handlerFor(em: EntityManager, id: string, kase: Case): Promise<Worker> {
    const worker = await em.findOne(Worker, { id: idOfType(id, 'Worker', 'input.worker') });
    if (!worker) throw badInput('input.worker', `no worker ${id} among those you may assign`);
    if (!kase.gridPath.startsWith(worker.homeGridPath))
      throw badInput('input.worker', 'the worker belongs to another community than the case');
    return worker;
  }

  private async originalOf(em: EntityManager, id: string, kase: Case): Promise<Case> {
    const originalId = idOfType(id, 'Case', 'input.duplicateOf');
    if (originalId === kase.id) throw badInput('input.duplicateOf', 'a case cannot duplicate itself');
    const original = await em.findOne(Case, { id: originalId });
    if (!original) throw badInput('input.duplicateOf', `no case ${id}`);
    return original;
  }
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

export function illegalMove(command: CaseCommand, status: CaseStatus): GraphQLError {
  const allowed = commandsFrom(status);
  const list = allowed.length ? allowed.join(', ') : 'none (the case is finished)';
  return apiError(
    'BAD_USER_INPUT',
    `input.id: cannot ${command} a case that is ${status}; allowed from ${status}: ${list}`,
    {
      argumentName: 'input.id',
      command,
      currentStatus: status,
      allowedCommands: allowed,
    },
  );
}

function missingInput(name: string, command: CaseCommand): GraphQLError {
  return apiError('BAD_USER_INPUT', `input.${name}: is required to ${command} a case`, {
    argumentName: `input.${name}`,
  });
}

function movedMeanwhile(id: string, version?: number): GraphQLError {
  const now = version === undefined ? '' : ` (it is at version ${version} now)`;
  return conflict(`Case ${id} was moved by someone else meanwhile${now}; reload it and try again`);
}
