import { Entity, Formula, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Grid } from '../grid/grid.entity';
import { Resident } from '../resident/resident.entity';
import { restrictedCategoryElevation, restrictedCategorySql } from '../resident/restricted-category';
import { SpecialCategory } from '../resident/special-category.entity';
import { Worker } from './worker.entity';

/** A worker's visit to a resident (走访); visit records are sensitive (T3). */
@Entity()
@ObjectType({ description: 'A visit (走访) of a worker to a resident.', implements: Node })
@Index({ properties: ['resident', 'visitedAt'] })
export class Visit extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Worker, { deleteRule: 'restrict', index: true })
  worker!: Worker;

  @ManyToOne(() => Resident, { deleteRule: 'cascade' })
  resident!: Resident;

  @ManyToOne(() => SpecialCategory, { nullable: true, deleteRule: 'restrict' })
  category?: SpecialCategory | null;

  /** Whether the visit was due for a RESTRICTED category: the whole record is then T4. */
  @Formula(restrictedCategorySql, { lazy: false })
  categoryRestricted?: boolean | null;

  @ManyToOne(() => Grid, { deleteRule: 'restrict' })
  grid!: Grid;

  @Property({ type: 'string', length: 200, index: true })
  gridPath!: string;

  @Field({ description: 'When the visit took place.', nullable: true })
  @Tier(FieldTier.SENSITIVE, { elevation: restrictedCategoryElevation })
  @Property({ type: 'datetime' })
  visitedAt!: Date;

  @Field({ description: "The worker's notes of the visit.", nullable: true })
  @Tier(FieldTier.SENSITIVE, { elevation: restrictedCategoryElevation })
  @Property({ type: 'string', length: 500 })
  notes!: string;
}
