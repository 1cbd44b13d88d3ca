import { Entity, Formula, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node, toGlobalId } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Visit } from '../worker/visit.entity';
import { Attachment } from './attachment.entity';

/** Whether the visit was due for a category labelled RESTRICTED now (a label may change after the visit). */
const visitRestrictedSql = (table: { alias: string }) =>
  `(select coalesce(sc.security_label = 'RESTRICTED', false) from visit v
     left join special_category sc on sc.id = v.category_id where v.id = ${table.alias}.visit_id)`;

/**
 * A photo taken on a visit (走访). It is seen exactly where its visit is (the visit's row policy), and its
 * content has the tier of the visit's notes: T3, T4 for a visit due for a RESTRICTED category.
 */
@Entity({ tableName: 'visit_attachment' })
@ObjectType({ description: 'A photo or document kept with a visit.', implements: Node })
export class VisitAttachment extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Visit, { deleteRule: 'cascade', index: true })
  visit!: Visit;

  @ManyToOne(() => Attachment, { deleteRule: 'restrict', unique: true })
  attachment!: Attachment;

  @Formula(visitRestrictedSql, { lazy: false })
  restricted?: boolean | null;

  @Field({ description: 'The media type found in the content (image/jpeg, image/png, …).', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 50 })
  contentType!: string;

  @Field({ description: 'Size in bytes, after metadata was stripped.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'integer' })
  byteSize!: number;

  @Field({ description: 'When it was attached.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime' })
  attachedAt: Date = new Date();

  @Field(() => String, {
    description: 'Where to download the content (GET with the same bearer token); each download is logged.',
    nullable: true,
  })
  @Tier(FieldTier.SENSITIVE, {
    elevation: {
      tier: FieldTier.RESTRICTED,
      reason: 'for a visit due for a category labelled RESTRICTED',
      when: (row: VisitAttachment) => row.restricted === true,
    },
  })
  get download(): string {
    return `/attachments/${toGlobalId('VisitAttachment', this.id)}`;
  }
}
