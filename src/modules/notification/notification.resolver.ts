import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { FieldTier, Tier } from '../../common/tiers';
import type { RequestContext } from '../request-context';
import { Case } from '../case/case.entity';
import { Notification } from './notification.entity';
import { NotificationService } from './notification.service';

@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => [Notification], { description: 'The caller’s inbox, newest first (at most 100 entries).' })
  notifications(
    @Ctx() ctx: RequestContext,
    @Arg('unreadOnly', { defaultValue: false, description: 'Only entries not yet marked read.' }) unreadOnly: boolean,
  ): Promise<Notification[]> {
    return new NotificationService(ctx).list(unreadOnly);
  }

  @Mutation(() => Int, { description: 'Marks inbox entries read; answers how many of them were unread.' })
  markNotificationsRead(
    @Ctx() ctx: RequestContext,
    @Arg('ids', () => [ID], { description: 'Global ids of the caller’s own entries.' }) ids: string[],
  ): Promise<number> {
    return new NotificationService(ctx).markRead(ids);
  }

  @FieldResolver(() => Case, {
    nullable: true,
    description: 'The case, as the caller’s post sees it now; null once it is outside the caller’s scope.',
  })
  @Tier(FieldTier.INTERNAL)
  case(@Root() notification: Notification, @Ctx() ctx: RequestContext): Promise<Case | null> {
    return notification.case ? ctx.loaders.byId(Case).load(notification.case.id) : Promise.resolve(null);
  }
}
