import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { FieldTier, Tier } from '../../common/tiers';
import type { RequestContext } from '../request-context';
import { Case } from '../case/case.entity';
import { CaseAttachment } from './case-attachment.entity';

/** A case's photos and documents, batched per request; each is seen where its case is (row policy). */
@Resolver(() => Case)
export class CaseAttachmentsResolver {
  @FieldResolver(() => [CaseAttachment], { nullable: true, description: 'Photos and documents, oldest first.' })
  @Tier(FieldTier.INTERNAL)
  attachments(@Root() kase: Case, @Ctx() ctx: RequestContext): Promise<CaseAttachment[]> {
    return ctx.loaders.manyBy(CaseAttachment, 'case', { id: 'asc' }).load(kase.id);
  }
}
