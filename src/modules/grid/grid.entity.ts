import { FieldTier, TypeTier } from '../../common/tiers';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Node } from '../../common/global-id';

export enum GridKind {
  DISTRICT = 'DISTRICT',
  STREET = 'STREET',
  TOWN = 'TOWN',
  COMMUNITY = 'COMMUNITY',
  VILLAGE = 'VILLAGE',
  BUILDING = 'BUILDING',
  ROAD_SEGMENT = 'ROAD_SEGMENT',
  VILLAGE_GROUP = 'VILLAGE_GROUP',
  SUBGRID = 'SUBGRID',
}
registerEnumType(GridKind, {
  name: 'GridKind',
  description: 'What a grid is on the ground.',
  valuesConfig: {
    DISTRICT: { description: 'The district root.' },
    STREET: { description: 'A street (街道), level 1.' },
    TOWN: { description: 'A town (镇), level 1.' },
    COMMUNITY: { description: 'A community (社区), level 2.' },
    VILLAGE: { description: 'A village (村居), level 2.' },
    BUILDING: { description: 'A building (楼栋), level 3.' },
    ROAD_SEGMENT: { description: 'A road segment (路段), level 3.' },
    VILLAGE_GROUP: { description: 'A village group (村民小组), level 3.' },
    SUBGRID: { description: 'A finer division (细分网格) of a level-3 grid, level 4 and below.' },
  },
});

/**
 * A node of the grid tree: level 0 is the district root, 1 a street or town, 2 a community or village,
 * 3 a building, road segment or village group, 4+ a finer split. The whole tree is public (T0).
 */
@Entity()
@TypeTier(FieldTier.PUBLIC)
@ObjectType({
  description: 'A grid (网格): one node of the grid tree, from the district root down to level-3 grids and finer.',
  implements: Node,
})
export class Grid extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @Field({ description: 'Name of the grid.' })
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Field({ description: 'Administrative code, unique in the district.' })
  @Property({ type: 'string', length: 40, unique: true })
  code!: string;

  @Field(() => Int, {
    description:
      'Level in the tree: 0 the district, 1 a street or town, 2 a community or village, 3 a building, road segment or village group, 4+ a subdivision.',
  })
  @Property({ type: 'smallint' })
  level!: number;

  @Field(() => GridKind, { description: 'What the grid is on the ground.' })
  @Enum({ items: () => GridKind, nativeEnumName: 'grid_kind' })
  kind!: GridKind;

  @ManyToOne(() => Grid, { nullable: true, deleteRule: 'restrict' })
  parent?: Grid;

  /**
   * Materialized path of ids, "/1/4/27/", so "this grid and everything below" is one indexed prefix match.
   */
  @Index({
    name: 'grid_path_prefix_idx',
    expression: 'create index "grid_path_prefix_idx" on "grid" ("path" text_pattern_ops)',
  })
  @Property({ type: 'string', length: 200 })
  path!: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'GeoJSON Polygon or MultiPolygon of the grid.' })
  @Property({ type: 'json', nullable: true })
  boundary?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'Party branch built on this grid (支部建在网格上).' })
  @Property({ type: 'string', length: 100, nullable: true })
  partyBranch?: string | null;

  @Field(() => Int, { description: 'Version for optimistic concurrency; each change adds one.' })
  @Property({ version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
