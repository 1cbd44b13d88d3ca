import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, PageArgs, toConnection } from '../../common/relay';
import { FieldTier, Tier } from '../../common/tiers';
import type { RequestContext } from '../request-context';
import { Grid } from '../grid/grid.entity';
import { Household } from './household.entity';
import { ResidentCategory } from './resident-category.entity';
import { Resident } from './resident.entity';
import { ResidentFilter, ResidentOrder } from './resident.inputs';
import { ageBandOf, ResidentService } from './resident.service';
import { SpecialCategory } from './special-category.entity';
import { restrictedCategoryElevation } from './restricted-category';

export const ResidentConnection = ConnectionType(Resident);

@Resolver(() => Resident)
export class ResidentResolver {
  @Query(() => ResidentConnection, { description: 'Residents the caller may see, filtered and ordered.' })
  async residents(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ResidentFilter, { description: 'Conditions the residents must meet.', nullable: true })
    filter: ResidentFilter | null,
    @Arg('orderBy', () => ResidentOrder, { description: 'How the residents are ordered.', nullable: true })
    orderBy: ResidentOrder | null,
    @Args(() => PageArgs) page: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const service = new ResidentService(ctx);
    const order = orderBy ?? new ResidentOrder();
    const compiled = await service.compiledList(info, filter, order, page);
    if (compiled) return compiled;
    return toConnection(ResidentConnection, await service.list(filter, order, page));
  }

  @Query(() => Resident, { description: "One resident by global id; NOT_FOUND when outside the caller's scope." })
  resident(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the resident.' }) id: string,
  ): Promise<Resident> {
    return new ResidentService(ctx).get(id);
  }

  @FieldResolver(() => Grid, { description: 'The grid the resident lives in.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  grid(@Root() resident: Resident, @Ctx() ctx: RequestContext): Promise<Grid | null> {
    return new ResidentService(ctx).grid(resident);
  }

  @FieldResolver(() => Household, { description: 'The household the resident belongs to.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  household(@Root() resident: Resident, @Ctx() ctx: RequestContext): Promise<Household | null> {
    return new ResidentService(ctx).household(resident);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Age band such as "70-79", derived from the birth date.',
  })
  @Tier(FieldTier.INTERNAL)
  ageBand(@Root() resident: Resident): string {
    return ageBandOf(resident.birthDate, new Date());
  }

  @FieldResolver(() => [ResidentCategory], { nullable: true, description: 'Special-category memberships (七彩管理).' })
  @Tier(FieldTier.SENSITIVE)
  categories(@Root() resident: Resident, @Ctx() ctx: RequestContext): Promise<ResidentCategory[]> {
    return new ResidentService(ctx).memberships(resident);
  }
}

@Resolver(() => ResidentCategory)
export class ResidentCategoryResolver {
  @FieldResolver(() => SpecialCategory, {
    nullable: true,
    description: 'Null when the membership is masked for the caller.',
  })
  @Tier(FieldTier.SENSITIVE, { elevation: restrictedCategoryElevation })
  category(@Root() membership: ResidentCategory, @Ctx() ctx: RequestContext): Promise<SpecialCategory> {
    return new ResidentService(ctx).category(membership);
  }
}
