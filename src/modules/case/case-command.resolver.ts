import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../request-context';
import {
  AssignCaseHandlerInput,
  CaseMoveInput,
  DispatchCaseInput,
  RejectCaseInput,
  ReportCaseInput,
  ReturnCaseInput,
  SuperviseCaseInput,
  VerifyCaseInput,
} from './case-command.inputs';
import { CaseReportService } from './case-report.service';
import { CaseWorkflowService } from './case-workflow.service';
import { Case } from './case.entity';

/** The case workflow's commands (contract §9). Each answers the case as the move left it. */
@Resolver()
export class CaseCommandResolver {
  @Mutation(() => Case, { description: 'Report a case; a retry with the same clientKey returns the first report.' })
  reportCase(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ReportCaseInput, { description: 'The new case.' }) input: ReportCaseInput,
  ): Promise<Case> {
    return new CaseReportService(ctx).report(input);
  }

  @Mutation(() => Case, { description: 'The holding level takes a reported case on (受理).' })
  acceptCase(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CaseMoveInput, { description: 'The case to accept.' }) input: CaseMoveInput,
  ): Promise<Case> {
    return new CaseWorkflowService(ctx).move('accept', input);
  }

  @Mutation(() => Case, {
    description: 'The holding level starts work on an accepted, escalated, reopened or returned case.',
  })
  startCase(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CaseMoveInput, { description: 'The case to start handling.' }) input: CaseMoveInput,
  ): Promise<Case> {
    return new CaseWorkflowService(ctx).move('start', input);
  }

  @Mutation(() => Case, { description: 'The holding level, or the department it is dispatched to, resolves the case.' })
  resolveCase(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CaseMoveInput, { description: 'The case to resolve.' }) input: CaseMoveInput,
  ): Promise<Case> {
    return new CaseWorkflowService(ctx).move('resolve', input);
  }

  @Mutation(() => Case, { description: 'Pass the case one level up; from level 1 to the command centre.' })
  escalateCase(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CaseMoveInput, { description: 'The case to escalate.' }) input: CaseMoveInput,
  ): Promise<Case> {
    return new CaseWorkflowService(ctx).move('escalate', input);
  }

  @Mutation(() => Case, { description: 'The command centre sends the case to a department, with a deadline.' })
  dispatchCase(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DispatchCaseInput, { description: 'The case, the department and the deadline.' })
    input: DispatchCaseInput,
  ): Promise<Case> {
    return new CaseWorkflowService(ctx).move('dispatch', input);
  }

  @Mutation(() => Case, { description: 'The department refuses a dispatched case, saying why.' })
  returnCase(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ReturnCaseInput, { description: 'The case and the reason it is returned.' })
    input: ReturnCaseInput,
  ): Promise<Case> {
    return new CaseWorkflowService(ctx).move('return', input);
  }

  @Mutation(() => Case, {
    description: 'On-site verification: passed closes the case with the resident’s satisfaction, failed reopens it.',
  })
  verifyCase(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => VerifyCaseInput, { description: 'The case and the outcome of the on-site verification.' })
    input: VerifyCaseInput,
  ): Promise<Case> {
    return new CaseWorkflowService(ctx).move(input.passed ? 'verify' : 'reopen', input);
  }

  @Mutation(() => Case, { description: 'Refuse an invalid or duplicate case.' })
  rejectCase(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RejectCaseInput, { description: 'The case and the reason it is rejected.' })
    input: RejectCaseInput,
  ): Promise<Case> {
    return new CaseWorkflowService(ctx).move('reject', input);
  }

  @Mutation(() => Case, { description: 'Name the worker who handles the case.' })
  assignCaseHandler(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AssignCaseHandlerInput, { description: 'The case and the worker who is to handle it.' })
    input: AssignCaseHandlerInput,
  ): Promise<Case> {
    return new CaseWorkflowService(ctx).move('assign', input);
  }

  @Mutation(() => Case, { description: '督办: the command centre presses an overdue case; the state does not change.' })
  superviseCase(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SuperviseCaseInput, { description: 'The overdue case and the supervision note.' })
    input: SuperviseCaseInput,
  ): Promise<Case> {
    return new CaseWorkflowService(ctx).move('supervise', input);
  }
}
