import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { FieldTier, Tier } from '../../common/tiers';
import type { RequestContext } from '../request-context';
import { CreateHouseholdInput, HouseholdMemberInput } from './household.inputs';
import { Household } from './household.entity';
import { HouseholdService } from './household.service';
import { Resident } from './resident.entity';

@Resolver(() => Household)
export class HouseholdMembersResolver {
  @FieldResolver(() => [Resident], {
    nullable: true,
    description: 'The residents of the household the caller may see, each at the caller’s tiers.',
  })
  @Tier(FieldTier.PERSONAL)
  members(@Root() household: Household, @Ctx() ctx: RequestContext): Promise<Resident[]> {
    return new HouseholdService(ctx).members(household);
  }

  @FieldResolver(() => Resident, { nullable: true, description: 'The head of household (户主).' })
  @Tier(FieldTier.PERSONAL)
  async head(@Root() household: Household, @Ctx() ctx: RequestContext): Promise<Resident | null> {
    return household.head ? ctx.loaders.byId(Resident).load(household.head.id) : null;
  }
}

/** Household writes of grid staff; each leaves an entry in the change history. */
@Resolver()
export class HouseholdCommandResolver {
  @Mutation(() => Household, { description: 'Create a household in a grid of the caller’s scope.' })
  createHousehold(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateHouseholdInput, { description: 'The household.' }) input: CreateHouseholdInput,
  ): Promise<Household> {
    return new HouseholdService(ctx).create(input);
  }

  @Mutation(() => Household, { description: 'A resident joins the household (leaving any other).' })
  addHouseholdMember(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => HouseholdMemberInput, { description: 'The household, its version and the resident.' })
    input: HouseholdMemberInput,
  ): Promise<Household> {
    return new HouseholdService(ctx).change('ADD_MEMBER', input);
  }

  @Mutation(() => Household, { description: 'A resident leaves the household.' })
  removeHouseholdMember(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => HouseholdMemberInput, { description: 'The household, its version and the resident.' })
    input: HouseholdMemberInput,
  ): Promise<Household> {
    return new HouseholdService(ctx).change('REMOVE_MEMBER', input);
  }

  @Mutation(() => Household, { description: 'A member becomes the head of household.' })
  setHouseholdHead(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => HouseholdMemberInput, { description: 'The household, its version and the member.' })
    input: HouseholdMemberInput,
  ): Promise<Household> {
    return new HouseholdService(ctx).change('SET_HEAD', input);
  }
}
