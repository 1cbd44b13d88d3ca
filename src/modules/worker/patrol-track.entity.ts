import { Entity, Formula, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Grid } from '../grid/grid.entity';
import { Worker } from './worker.entity';

/** Seconds from the start to the end, or to the last fix while the patrol is under way. */
const durationSql = (table: { alias: string }) =>
  `greatest(0, extract(epoch from coalesce(${table.alias}.ended_at, ${table.alias}.last_point_at, ${table.alias}.started_at) - ${table.alias}.started_at))::int`;

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

  /** The app's key for the patrol: starting again with the same key returns the same track. */
  @Property({ type: 'string', length: 64, nullable: true })
  clientKey?: string | null;

  @Field({ description: 'When the patrol started.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime' })
  startedAt!: Date;

  @Field(() => Date, { description: 'When the patrol ended; null while under way.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime', nullable: true })
  endedAt?: Date | null;

  /** Time of the latest GPS fix received, so the duration of a patrol under way is known. */
  @Property({ type: 'datetime', nullable: true })
  lastPointAt?: Date | null;

  @Field(() => Int, { description: 'Distance walked, in metres, computed by the server.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'integer' })
  distanceMeters!: number;

  @Field(() => Int, {
    description: 'Seconds from the start to the end (to the latest fix while under way), computed by the server.',
    nullable: true,
  })
  @Tier(FieldTier.INTERNAL)
  @Formula(durationSql, { lazy: false })
  durationSeconds?: number;

  /** Ids of the level-3 grids the route passed through, computed from their boundaries. */
  @Property({ type: 'integer[]', columnType: 'int[]' })
  gridsCovered: number[] = [];

  @Field(() => GraphQLJSON, { description: 'Raw GPS points [[lng, lat, epochSeconds], …].', nullable: true })
  @Tier(FieldTier.RESTRICTED)
  @Property({ type: 'json' })
  points!: number[][];
}
