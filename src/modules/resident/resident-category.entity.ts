import { Entity, Formula, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { restrictedCategoryElevation, restrictedCategorySql } from './restricted-category';
import { Resident } from './resident.entity';
import { SpecialCategory } from './special-category.entity';

/**
 * A resident's membership in a special category. The membership itself is T3 or T4 by the category's label;
 * its care or correction details (diagnosis, correction term, …) are always T4.
 */
@Entity()
@ObjectType({ description: "A resident's membership in one special category.", implements: Node })
@Unique({ properties: ['resident', 'category'] })
export class ResidentCategory extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Resident, { deleteRule: 'cascade' })
  resident!: Resident;

  /** Membership is sensitive (T3), or restricted (T4) in a category labelled so. */
  @ManyToOne(() => SpecialCategory, { deleteRule: 'restrict', index: true })
  category!: SpecialCategory;

  /** Whether the category is labelled RESTRICTED: the membership and all its dates are then T4. */
  @Formula(restrictedCategorySql, { lazy: false })
  categoryRestricted?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Date the membership began.' })
  @Tier(FieldTier.SENSITIVE, { elevation: restrictedCategoryElevation })
  @Property({ type: 'date' })
  since!: string;

  @Field(() => GraphQLJSONObject, {
    description: 'Care or control details of the membership (diagnosis, correction term, …).',
    nullable: true,
  })
  @Tier(FieldTier.RESTRICTED)
  @Property({ type: 'json', nullable: true })
  details?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'Date of the last visit for this category.' })
  @Tier(FieldTier.SENSITIVE, { elevation: restrictedCategoryElevation })
  @Property({ type: 'date', nullable: true })
  lastVisitOn?: string | null;
}
