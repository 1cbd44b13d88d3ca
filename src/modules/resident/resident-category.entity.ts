import { Entity, Formula, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { restrictedCategoryElevation, restrictedCategorySql } from './restricted-category';
import { Resident } from './resident.entity';
import { SpecialCategory } from './special-category.entity';

/**
 * A resident's membership in a special category. The membership itself is T3 or T4 by the category's label;
 * its care or correction details (diagnosis, correction term, …) are always T4. A membership that ends keeps
 * its row (with the date and the reason), so the history of memberships stays; one current membership per
 * resident and category (a partial unique index).
 */
@Entity()
@ObjectType({ description: "A resident's membership in one special category.", implements: Node })
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

  @Field(() => String, { nullable: true, description: 'Date the membership ended; null while it lasts.' })
  @Tier(FieldTier.SENSITIVE, { elevation: restrictedCategoryElevation })
  @Property({ type: 'date', nullable: true })
  endedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Why the membership ended.' })
  @Tier(FieldTier.SENSITIVE, { elevation: restrictedCategoryElevation })
  @Property({ type: 'string', length: 200, nullable: true })
  endReason?: string | null;

  @Field(() => Int, { description: 'Rises with every change; send it back as expectedVersion.' })
  @Tier(FieldTier.PUBLIC)
  @Property({ type: 'integer', version: true, default: 1 })
  version!: number;
}
