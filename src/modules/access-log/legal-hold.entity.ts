import { FieldTier, TypeTier } from '../../common/tiers';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { User } from '../user/user.entity';

/**
 * Keeps the access log of a period past its retention, for an investigation or a lawsuit. Retention drops
 * no monthly partition that an unlifted hold overlaps. A lifted hold is kept, with who lifted it.
 */
@Entity({ tableName: 'access_log_legal_hold' })
@TypeTier(FieldTier.PUBLIC)
@ObjectType({
  description: 'A legal hold: keeps the access log of a period past its retention, for an investigation or a lawsuit.',
  implements: Node,
})
export class LegalHold extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @Field({ description: 'Start of the period held (inclusive).' })
  @Property({ type: 'datetime' })
  heldFrom!: Date;

  @Field({ description: 'End of the period held (exclusive).' })
  @Property({ type: 'datetime' })
  heldUntil!: Date;

  @Field({ description: 'Why the period is held.' })
  @Property({ type: 'string', length: 500 })
  reason!: string;

  @Field({ description: 'When the hold was placed.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict' })
  placedBy?: User | null;

  @Field(() => Date, { description: 'When the hold was lifted; null while it holds.', nullable: true })
  @Property({ type: 'datetime', nullable: true })
  liftedAt?: Date | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict' })
  liftedBy?: User | null;
}
