import { Collection, Entity, Index, ManyToOne, OneToMany, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Grid } from '../grid/grid.entity';
import { Resident } from './resident.entity';

/** A registered household (户); its address is personal data (T2). */
@Entity()
@Index({ properties: ['grid', 'id'] })
@ObjectType({ description: 'A household (户): the residents registered at one address.', implements: Node })
export class Household extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @Field({ description: 'Household registration number.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'string', length: 30, unique: true })
  code!: string;

  @Field({ description: 'Address of the household.', nullable: true })
  @Tier(FieldTier.PERSONAL, { mask: 'address' })
  @Property({ type: 'string', length: 200 })
  address!: string;

  @ManyToOne(() => Grid, { deleteRule: 'restrict' })
  grid!: Grid;

  @Index({
    name: 'household_grid_path_idx',
    expression: 'create index "household_grid_path_idx" on "household" ("grid_path" text_pattern_ops)',
  })
  @Property({ type: 'string', length: 200 })
  gridPath!: string;

  @OneToMany(() => Resident, (resident) => resident.household)
  residents = new Collection<Resident>(this);

  /** The head of household (户主); null when none is named. */
  @ManyToOne(() => Resident, { nullable: true, deleteRule: 'set null' })
  head?: Resident | null;

  @Field(() => Int, { description: 'Rises with every change; send it back as expectedVersion.' })
  @Tier(FieldTier.PUBLIC)
  @Property({ type: 'integer', version: true, default: 1 })
  version!: number;
}
