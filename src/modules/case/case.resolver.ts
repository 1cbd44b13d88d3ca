import { FieldTier, Tier } from '../../common/tiers';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, PageArgs, toConnection } from '../../common/relay';
import type { RequestContext } from '../request-context';
import { Department } from '../department/department.entity';
import { Grid } from '../grid/grid.entity';
import { Resident } from '../resident/resident.entity';
import { Worker } from '../worker/worker.entity';
import { CaseCategory } from './case-category.entity';
import { CaseEvent } from './case-event.entity';
import { Case } from './case.entity';
import { CaseFilter, CaseOrder } from './case.inputs';
import { isOverdue } from './case-sla';
import { CaseService } from './case.service';

export const CaseConnection = ConnectionType(Case);

@Resolver(() => Case)
export class CaseResolver {
  @Query(() => CaseConnection, { description: 'Cases the caller may see, filtered and ordered.' })
  async cases(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => CaseFilter, { description: 'Conditions the cases must meet.', nullable: true })
    filter: CaseFilter | null,
    @Arg('orderBy', () => CaseOrder, { description: 'How the cases are ordered.', nullable: true })
    orderBy: CaseOrder | null,
    @Args(() => PageArgs) page: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const service = new CaseService(ctx);
    const order = orderBy ?? new CaseOrder();
    const compiled = await service.compiledList(info, filter, order, page);
    if (compiled) return compiled;
    return toConnection(CaseConnection, await service.list(filter, order, page));
  }

  @Query(() => Case, { description: "One case by its global id; NOT_FOUND when it is outside the caller's scope." })
  case(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the case.' }) id: string,
  ): Promise<Case> {
    return new CaseService(ctx).get(id);
  }

  @FieldResolver(() => CaseCategory, { description: 'The category of the case.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  category(@Root() kase: Case, @Ctx() ctx: RequestContext): Promise<CaseCategory | null> {
    return ctx.loaders.byId(CaseCategory).load(kase.category.id);
  }

  @FieldResolver(() => Grid, { description: 'The grid the case belongs to.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  grid(@Root() kase: Case, @Ctx() ctx: RequestContext): Promise<Grid | null> {
    return ctx.loaders.byId(Grid).load(kase.grid.id);
  }

  @FieldResolver(() => Department, { nullable: true, description: 'The department the case is dispatched to.' })
  @Tier(FieldTier.INTERNAL)
  department(@Root() kase: Case, @Ctx() ctx: RequestContext): Promise<Department | null> {
    return kase.department ? ctx.loaders.byId(Department).load(kase.department.id) : Promise.resolve(null);
  }

  @FieldResolver(() => Worker, { nullable: true, description: 'The worker handling the case.' })
  @Tier(FieldTier.INTERNAL)
  handler(@Root() kase: Case, @Ctx() ctx: RequestContext): Promise<Worker | null> {
    return kase.handler ? ctx.loaders.byId(Worker).load(kase.handler.id) : Promise.resolve(null);
  }

  @FieldResolver(() => [CaseEvent], { nullable: true, description: 'Every transition, oldest first.' })
  @Tier(FieldTier.INTERNAL)
  timeline(@Root() kase: Case, @Ctx() ctx: RequestContext): Promise<CaseEvent[]> {
    return new CaseService(ctx).timeline(kase);
  }

  @FieldResolver(() => [Resident], { description: 'Residents the case concerns.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  involvedResidents(@Root() kase: Case, @Ctx() ctx: RequestContext): Promise<Resident[]> {
    return new CaseService(ctx).involvedResidents(kase);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: "Open and past its resolution deadline, or past the department's deadline while dispatched.",
  })
  @Tier(FieldTier.INTERNAL)
  overdue(@Root() kase: Case): boolean {
    return isOverdue(kase, new Date());
  }
}
