import { FieldTier, TypeTier } from '../../common/tiers';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';

/** A functional department (职能部门) that handles dispatched cases and may receive delegations. */
@Entity()
@TypeTier(FieldTier.PUBLIC)
@ObjectType({
  description: 'A functional department (职能部门 Department) that handles dispatched cases or receives delegations.',
  implements: Node,
})
export class Department extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @Field({ description: 'Stable code of the department.' })
  @Property({ type: 'string', length: 40, unique: true })
  code!: string;

  @Field({ description: 'Name of the department.' })
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
