import { FieldTier, TypeTier } from '../../common/tiers';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { Department } from '../department/department.entity';
import { Grid } from '../grid/grid.entity';
import { User } from '../user/user.entity';

/**
 * A purpose-bound grant of resident data to a partner department (授权): a grid subtree, categories,
 * an explicit field list, a purpose and legal basis, an approver and a validity window.
 */
@Entity()
@TypeTier(FieldTier.PUBLIC)
@ObjectType({
  description:
    'A delegation (授权): a grant of resident data to a partner department, bound to a purpose and a period.',
  implements: Node,
})
export class Delegation extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Department, { deleteRule: 'restrict', index: true })
  department!: Department;

  @ManyToOne(() => Grid, { deleteRule: 'restrict' })
  grid!: Grid;

  /** Codes of the special categories granted; empty means every resident of the subtree. */
  @Field(() => [String], { description: 'Special-category codes granted; empty: all residents of the subtree.' })
  @Property({ type: 'text[]', default: '{}' })
  categoryCodes: string[] = [];

  @Field(() => [String], { description: 'Resident fields granted, e.g. ["name", "phone", "address"].' })
  @Property({ type: 'text[]' })
  fields!: string[];

  @Field({ description: 'Whether restricted (T4) fields in the list are granted.' })
  @Property({ type: 'boolean', default: false })
  includesRestricted: boolean = false;

  @Field({ description: 'Purpose code the department states in X-Access-Purpose, e.g. WELFARE_CHECK.' })
  @Property({ type: 'string', length: 40 })
  purposeCode!: string;

  @Field({ description: 'The purpose in words.' })
  @Property({ type: 'string', length: 500 })
  purposeText!: string;

  @Field({ description: 'The legal basis of the grant.' })
  @Property({ type: 'string', length: 500 })
  legalBasis!: string;

  @ManyToOne(() => User, { deleteRule: 'restrict' })
  approvedBy!: User;

  @Field({ description: 'Start of validity.' })
  @Property({ type: 'datetime' })
  validFrom!: Date;

  @Field({ description: 'End of validity.' })
  @Property({ type: 'datetime' })
  validUntil!: Date;

  @Field(() => Date, { description: 'When the delegation was revoked; null unless revoked.', nullable: true })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict' })
  revokedBy?: User | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
