import { Collection, Entity, Enum, OneToMany, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Gender } from '../resident/resident.entity';
import type { Case } from '../case/case.entity';
import { GridAssignment } from './grid-assignment.entity';

/** Where a worker came from (the article: retirees, property staff, full-time parents, volunteers). */
export enum WorkerBackground {
  COMMUNITY_STAFF = 'COMMUNITY_STAFF',
  FULL_TIME = 'FULL_TIME',
  RETIRED = 'RETIRED',
  PROPERTY_STAFF = 'PROPERTY_STAFF',
  FULL_TIME_PARENT = 'FULL_TIME_PARENT',
  VOLUNTEER = 'VOLUNTEER',
}
registerEnumType(WorkerBackground, {
  name: 'WorkerBackground',
  description: 'Where a worker comes from.',
  valuesConfig: {
    COMMUNITY_STAFF: { description: 'Community staff.' },
    FULL_TIME: { description: 'Full-time grid worker.' },
    RETIRED: { description: 'Retired person.' },
    PROPERTY_STAFF: { description: 'Property management staff.' },
    FULL_TIME_PARENT: { description: 'Full-time parent.' },
    VOLUNTEER: { description: 'Volunteer.' },
  },
});

/** A grid worker, leader or helper (网格员, 网格长, 楼栋长, 党员中心户). */
@Entity()
@ObjectType({
  description: 'A grid worker (网格员 GridWorker), grid leader or volunteer who works in grids.',
  implements: Node,
})
export class Worker extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @Field({ description: 'Full name.', nullable: true })
  @Tier(FieldTier.INTERNAL, { mask: 'name' })
  @Property({ type: 'string', length: 50 })
  name!: string;

  @Field(() => Gender, { description: 'Gender.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => Gender, nativeEnumName: 'gender' })
  gender!: Gender;

  @Field({ description: 'Published work phone (挂牌亮身份).', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 20 })
  workPhone!: string;

  @Field(() => String, { description: 'Personal phone number.', nullable: true })
  @Tier(FieldTier.PERSONAL, { mask: 'phone' })
  @Property({ type: 'string', length: 20, nullable: true })
  personalPhone?: string | null;

  @Field(() => WorkerBackground, { description: 'Where the worker comes from.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Enum({ items: () => WorkerBackground, nativeEnumName: 'worker_background' })
  background!: WorkerBackground;

  @Field({ description: 'Whether the worker is a Party member.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'boolean', default: false })
  partyMember: boolean = false;

  @Field(() => String, { description: 'Day the worker started grid work.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'date' })
  startedOn!: string;

  /** Path of the level-2 grid the worker belongs to; scopes who may see the worker. */
  @Property({ type: 'string', length: 200, index: true })
  homeGridPath!: string;

  @OneToMany(() => GridAssignment, (assignment) => assignment.worker)
  assignments = new Collection<GridAssignment>(this);

  /** Cases this worker handles; lets a department see the workers of the cases dispatched to it. */
  @OneToMany('Case', 'handler')
  handledCases = new Collection<Case>(this);
}
