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
registerEnumType(AssignmentRole, {
  name: 'AssignmentRole',
  description: 'The role a person has in an assigned grid.',
  valuesConfig: {
    GRID_WORKER: { description: 'Grid worker (网格员 GridWorker).' },
    GRID_LEADER: { description: 'Grid leader (网格长 GridLeader), head of a level-2 grid and its workers.' },
    BUILDING_LEADER: { description: 'Building leader (楼栋长 BuildingLeader), a volunteer helping in the grid.' },
    PARTY_MEMBER_HOUSEHOLD: {
      description: 'Party member household (党员中心户 PartyMemberHousehold), a volunteer helping in the grid.',
    },
  },
});

/** A worker's responsibility for one grid over a period. */
@Entity()
@ObjectType({
  description: 'An assignment of a worker to a grid in a role for a period; scope is made of these.',
  implements: Node,
})
@Index({ properties: ['grid', 'role'] })
export class GridAssignment extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Worker, { deleteRule: 'cascade', index: true })
  worker!: Worker;

  @ManyToOne(() => Grid, { deleteRule: 'restrict' })
  grid!: Grid;

  @Field(() => AssignmentRole, { description: 'The role the worker has in the grid.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => AssignmentRole, nativeEnumName: 'assignment_role' })
  role!: AssignmentRole;

  @Field(() => String, { description: 'Start of the assignment.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'date' })
  validFrom!: string;

  @Field(() => String, { description: 'End of the assignment; null while open-ended.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'date', nullable: true })
  validUntil?: string | null;
}
