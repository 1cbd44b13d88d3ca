import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { FieldTier, Tier } from '../../common/tiers';
import { restrictedCategoryElevation } from '../resident/restricted-category';
import type { RequestContext } from '../request-context';
import { Visit } from '../worker/visit.entity';
import { VisitAttachment } from './visit-attachment.entity';

/** A visit's photos, batched per request; each is seen where its visit is (row policy). */
@Resolver(() => Visit)
export class VisitAttachmentsResolver {
  @FieldResolver(() => [VisitAttachment], { nullable: true, description: 'Photos taken on the visit, oldest first.' })
  @Tier(FieldTier.SENSITIVE, { elevation: restrictedCategoryElevation })
  attachments(@Root() visit: Visit, @Ctx() ctx: RequestContext): Promise<VisitAttachment[]> {
    return ctx.loaders.manyBy(VisitAttachment, 'visit', { id: 'asc' }).load(visit.id);
  }
}
