import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { FieldTier, SecurityLabel, TypeTier } from '../../common/tiers';

/**
 * A care or control category of the special population (七彩管理). The catalogue is data: each entry carries
 * its colour and the security label that decides the tier of a resident's membership in it.
 */
@Entity()
@TypeTier(FieldTier.PUBLIC)
@ObjectType({
  description:
    'A special-population category (特殊人群) of the catalogue, with its colour (七彩管理) and security label.',
  implements: Node,
})
export class SpecialCategory extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @Field({ description: 'Stable code of the category.' })
  @Property({ type: 'string', length: 40, unique: true })
  code!: string;

  @Field({ description: 'Name of the category.' })
  @Property({ type: 'string', length: 60 })
  name!: string;

  @Field({ description: 'Display colour of the category, e.g. "#E53935".' })
  @Property({ type: 'string', length: 20 })
  colour!: string;

  @Field(() => SecurityLabel, { description: 'Tier of membership in this category.' })
  @Enum({ items: () => SecurityLabel, nativeEnumName: 'security_label' })
  securityLabel!: SecurityLabel;

  @Field(() => Int, { description: 'How often a member should be visited, in days.' })
  @Property({ type: 'smallint' })
  visitEveryDays!: number;
}
