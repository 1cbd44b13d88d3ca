import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node, toGlobalId } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Case } from '../case/case.entity';
import { Attachment } from './attachment.entity';

/**
 * A photo or document attached to a case (随手拍). It is seen exactly where its case is, and its content
 * has the tier of the case's account: T2, T3 for a sensitive (dispute, petition) case (contract §16).
 */
@Entity({ tableName: 'case_attachment' })
@ObjectType({ description: 'A photo or document attached to a case.', implements: Node })
export class CaseAttachment extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Case, { deleteRule: 'cascade', index: true })
  case!: Case;

  @ManyToOne(() => Attachment, { deleteRule: 'restrict', unique: true })
  attachment!: Attachment;

  /** Copied from the case when attached: its content rises to T3 like the case's account. */
  @Property({ type: 'boolean' })
  sensitive!: boolean;

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
  @Tier(FieldTier.PERSONAL, {
    elevation: {
      tier: FieldTier.SENSITIVE,
      reason: 'for a sensitive case',
      when: (row: CaseAttachment) => row.sensitive,
    },
  })
  get download(): string {
    return `/attachments/${toGlobalId('CaseAttachment', this.id)}`;
  }
}
