import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Grid } from '../grid/grid.entity';
import { Worker } from './worker.entity';

/** A recorded patrol (巡查轨迹): the summary is internal, the raw GPS points restricted (T4). */
@Entity()
@ObjectType({ description: "A patrol track (巡查轨迹): the recorded route of a worker's patrol.", implements: Node })
@Index({ properties: ['worker', 'startedAt'] })
export class PatrolTrack extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Worker, { deleteRule: 'restrict' })
  worker!: Worker;

  @ManyToOne(() => Grid, { deleteRule: 'restrict' })
  grid!: Grid;

  @Property({ type: 'string', length: 200, index: true })
  gridPath!: string;

  @Field({ description: 'When the patrol started.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime' })
  startedAt!: Date;

  @Field({ description: 'When the patrol ended; null while under way.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime' })
  endedAt!: Date;

  @Field(() => Int, { description: 'Distance walked, in metres, computed by the server.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'integer' })
  distanceMeters!: number;

  @Field(() => GraphQLJSON, { description: 'Raw GPS points [[lng, lat, epochSeconds], …].', nullable: true })
  @Tier(FieldTier.RESTRICTED)
  @Property({ type: 'json' })
  points!: number[][];
}
