import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Grid } from '../grid/grid.entity';
import { Worker } from './worker.entity';

export enum AssignmentRole {
  GRID_WORKER = 'GRID_WORKER',
  GRID_LEADER = 'GRID_LEADER',
  BUILDING_LEADER = 'BUILDING_LEADER',
  PARTY_MEMBER_HOUSEHOLD = 'PARTY_MEMBER_HOUSEHOLD',
}
registerEnumType(AssignmentRole, { name: 'AssignmentRole' });

/** A worker's responsibility for one grid over a period. */
@Entity()
@ObjectType({ implements: Node })
@Index({ properties: ['grid', 'role'] })
export class GridAssignment extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Worker, { deleteRule: 'cascade', index: true })
  worker!: Worker;

  @ManyToOne(() => Grid, { deleteRule: 'restrict' })
  grid!: Grid;

  @Field(() => AssignmentRole, { nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => AssignmentRole, nativeEnumName: 'assignment_role' })
  role!: AssignmentRole;

  @Field(() => String, { nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'date' })
  validFrom!: string;

  @Field(() => String, { nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'date', nullable: true })
  validUntil?: string | null;
}
