import { FieldTier, TypeTier } from '../../common/tiers';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { Department } from '../department/department.entity';

/**
 * A kind of case with who owns it: a grid level (3 = handled in the building/road grid, 1 = street) or a
 * department, and SLA deadlines for acceptance and resolution.
 */
@Entity()
@TypeTier(FieldTier.PUBLIC)
@ObjectType({
  description: 'A category of cases (事件), with the level that handles it and its SLA deadlines.',
  implements: Node,
})
export class CaseCategory extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @Field({ description: 'Stable code of the category.' })
  @Property({ type: 'string', length: 40, unique: true })
  code!: string;

  @Field({ description: 'Name of the category.' })
  @Property({ type: 'string', length: 60 })
  name!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Highest grid level number that may close it (3, 2 or 1); null: a department.',
  })
  @Property({ type: 'smallint', nullable: true })
  handlingLevel?: number | null;

  @ManyToOne(() => Department, { nullable: true, deleteRule: 'set null' })
  department?: Department | null;

  @Field(() => Int, { description: 'Hours from the report within which a case must be accepted.' })
  @Property({ type: 'integer' })
  acceptWithinHours!: number;

  @Field(() => Int, { description: 'Hours from the report within which a case must be resolved.' })
  @Property({ type: 'integer' })
  resolveWithinHours!: number;

  @Field({ description: 'Disputes and petitions: their description is sensitive (T3).' })
  @Property({ type: 'boolean', default: false })
  sensitive: boolean = false;
}
