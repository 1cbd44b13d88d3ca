import { Arg, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { SubscribeResolverData } from 'type-graphql';
import { idOfType } from '../../common/global-id';
import { notFound } from '../../common/errors';
import type { RequestContext } from '../request-context';
import { Case } from '../case/case.entity';
import { EmergencyAccess } from '../delegation/emergency-access.entity';
import { Grid } from '../grid/grid.entity';
import { eventHub } from './event-bus';
import type { LiveEvent } from './live-event';
import { CaseChange, SlaWarning } from './live.types';

type Data = SubscribeResolverData<unknown, { grid?: string | null }, RequestContext>;
type CaseEvent = Extract<LiveEvent, { kind: 'case' }>;

/**
 * The subscribe step only routes: it picks the events of the kind asked for. What a subscriber receives of
 * each one is decided when the event is executed, in a context of its own (src/server/live-server.ts): the
 * row is loaded through the caller's row policy, so an event about a row outside the scope comes to nothing.
 */
@Resolver()
export class LiveResolver {
  @Subscription(() => CaseChange, {
    nullable: true,
    description: 'Cases reported or moved in the caller’s scope, optionally below one grid.',
    subscribe: async ({ args, context }: Data) => {
      const path = args.grid ? await gridPath(context, args.grid) : null;
      return eventHub().listen((e) => e.kind === 'case' && (!path || e.gridPath.startsWith(path)));
    },
  })
  async caseChanged(
    @Root() event: CaseEvent,
    @Ctx() ctx: RequestContext,
    @Arg('grid', () => ID, { nullable: true, description: 'Only cases in this grid’s subtree.' }) _grid?: string,
  ): Promise<CaseChange | null> {
    const kase = await visibleCase(ctx, event.caseId);
    return kase ? Object.assign(new CaseChange(), { case: kase, change: event.change }) : null;
  }

  @Subscription(() => Case, {
    nullable: true,
    description: 'Cases assigned to the caller as their handler.',
    subscribe: ({ context }: Data) => {
      const workerId = context.policy.principal.workerId;
      return eventHub().listen((e) => e.kind === 'case' && workerId !== null && e.handlerWorkerId === workerId);
    },
  })
  caseAssignedToMe(@Root() event: CaseEvent, @Ctx() ctx: RequestContext): Promise<Case | null> {
    return visibleCase(ctx, event.caseId);
  }

  @Subscription(() => Case, {
    nullable: true,
    description: 'Cases dispatched to the caller’s department.',
    subscribe: ({ context }: Data) => {
      const departmentId = context.policy.principal.departmentId;
      return eventHub().listen(
        (e) =>
          e.kind === 'case' && e.status === 'DISPATCHED' && departmentId !== null && e.departmentId === departmentId,
      );
    },
  })
  caseDispatchedToMyDepartment(@Root() event: CaseEvent, @Ctx() ctx: RequestContext): Promise<Case | null> {
    return visibleCase(ctx, event.caseId);
  }

  @Subscription(() => SlaWarning, {
    nullable: true,
    description: 'Deadlines of cases in the caller’s scope that run out within the warning lead time.',
    subscribe: () => eventHub().listen((e) => e.kind === 'sla'),
  })
  async slaWarning(
    @Root() event: Extract<LiveEvent, { kind: 'sla' }>,
    @Ctx() ctx: RequestContext,
  ): Promise<SlaWarning | null> {
    const kase = await visibleCase(ctx, event.caseId);
    if (!kase) return null;
    return Object.assign(new SlaWarning(), {
      case: kase,
      deadlineKind: event.deadlineKind,
      deadline: new Date(event.deadline),
    });
  }

  @Subscription(() => EmergencyAccess, {
    nullable: true,
    description: 'Emergency accesses as they are opened, for the privacy officers who review them.',
    subscribe: ({ context }: Data) => {
      context.policy.assertCan('review', 'EmergencyAccess', 'follow emergency accesses');
      return eventHub().listen((e) => e.kind === 'emergency');
    },
  })
  emergencyAccessOpened(
    @Root() event: Extract<LiveEvent, { kind: 'emergency' }>,
    @Ctx() ctx: RequestContext,
  ): Promise<EmergencyAccess | null> {
    return ctx.em.findOne(EmergencyAccess, { id: event.emergencyAccessId });
  }
}

/** Null when the case is outside the caller's scope now: the row policy of this event's context decides. */
function visibleCase(ctx: RequestContext, id: number): Promise<Case | null> {
  return ctx.em.findOne(Case, { id });
}

/**
 * The grid tree is public, so any grid exists for the caller; following one whose subtree lies outside the
 * caller's scope is refused (FORBIDDEN, logged as DENIED) rather than left to stay silent forever.
 */
async function gridPath(ctx: RequestContext, id: string): Promise<string> {
  const grid = await ctx.em.findOne(Grid, { id: idOfType(id, 'Grid', 'grid') });
  if (!grid) throw notFound('Grid', id);
  const scope = ctx.policy.principal.scopePaths;
  if (!scope.some((path) => grid.path.startsWith(path) || path.startsWith(grid.path)))
    throw ctx.policy.refusal('view', 'Grid', `follow the cases of grid ${grid.name}`, grid.id);
  return grid.path;
}
