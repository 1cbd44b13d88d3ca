import { FieldTier, TypeTier } from '../../common/tiers';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';

/** A functional department (职能部门) that handles dispatched cases and may receive delegations. */
@Entity()
@TypeTier(FieldTier.PUBLIC)
@ObjectType({ implements: Node })
export class Department extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @Field()
  @Property({ type: 'string', length: 40, unique: true })
  code!: string;

  @Field()
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
