import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { FieldTier, Tier } from '../../common/tiers';
import { MAX_PAGE_SIZE } from '../../common/relay';
import type { RequestContext } from '../request-context';
import { Resident } from '../resident/resident.entity';
import { ChangeEntry } from './change-entry.entity';
import { valuesAtCallerTiers } from './history-values';
import { HistoryService } from './history.service';
import { ChangeFeed, FieldChange } from './history.types';

@Resolver(() => ChangeEntry)
export class ChangeEntryResolver {
  @FieldResolver(() => [FieldChange], {
    nullable: true,
    description: 'The fields changed, each shown as the live field would be shown to the caller.',
  })
  @Tier(FieldTier.INTERNAL)
  changes(@Root() entry: ChangeEntry, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): FieldChange[] {
    return valuesAtCallerTiers(ctx, entry, info);
  }
}

@Resolver(() => Resident)
export class ResidentHistoryResolver {
  @FieldResolver(() => [ChangeEntry], {
    nullable: true,
    description: 'The change history of the resident, their memberships and visits (溯源), oldest first.',
  })
  @Tier(FieldTier.INTERNAL)
  history(@Root() resident: Resident, @Ctx() ctx: RequestContext): Promise<ChangeEntry[]> {
    return new HistoryService(ctx).ofResident(resident);
  }
}

@Resolver()
export class ChangesResolver {
  @Query(() => ChangeFeed, {
    description:
      'Changes in the caller’s scope after a cursor, oldest first: for reviewers, and for field apps that sync ' +
      'offline (records that left the scope come as REMOVED).',
  })
  changes(
    @Ctx() ctx: RequestContext,
    @Arg('since', () => String, { nullable: true, description: 'Cursor of the last change already seen.' })
    since: string | null,
    @Arg('first', () => Int, { defaultValue: 100, description: `Changes per page, 1 to ${MAX_PAGE_SIZE}.` })
    first: number,
    @Arg('resident', () => ID, { nullable: true, description: 'Only the changes about this resident.' })
    resident: string | null,
  ): Promise<ChangeFeed> {
    return new HistoryService(ctx).since(since, pageSize(first), resident);
  }
}

function pageSize(first: number): number {
  return Math.max(1, Math.min(first, MAX_PAGE_SIZE));
}
