import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Grid } from '../grid/grid.entity';
import { User } from '../user/user.entity';
import { Worker } from './worker.entity';

export enum ListSide {
  RED = 'RED',
  BLACK = 'BLACK',
}
registerEnumType(ListSide, {
  name: 'ListSide',
  description: 'Which side of the red/black list (红黑榜) a worker is on.',
  valuesConfig: {
    RED: { description: 'Red list (红榜): among the top N of the street.' },
    BLACK: { description: 'Black list (黑榜): among the bottom N of the street.' },
  },
});

/** A street's red/black list (红黑榜) of one period: published once, never changed (the database refuses). */
@Entity()
@ObjectType({
  description: "A street's red/black list (红黑榜) for one period: its top and bottom N workers, published once.",
  implements: Node,
})
export class RedBlackList extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Grid, { deleteRule: 'restrict' })
  street!: Grid;

  /** The street's path: the street's workers and admin see the list through it. */
  @Property({ type: 'string', length: 200, index: true })
  streetPath!: string;

  @Field({ description: 'Period such as "2026-Q3".', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 10 })
  period!: string;

  @Field(() => Int, { description: 'How many workers each side lists.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'smallint' })
  size!: number;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict' })
  publishedBy?: User | null;

  @Field({ description: 'When the list was published.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime' })
  publishedAt: Date = new Date();
}

/** One worker's place in a published list; the ranking is kept whole so every worker can see its own rank. */
@Entity()
@ObjectType({ description: "A worker's place in a published red/black list.", implements: Node })
export class RedBlackEntry extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => RedBlackList, { deleteRule: 'restrict', index: true })
  list!: RedBlackList;

  @ManyToOne(() => Worker, { deleteRule: 'restrict' })
  worker!: Worker;

  @Field({ description: 'Name of the worker, as published.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 50 })
  workerName!: string;

  @Field(() => Int, { description: 'Rank in the street by total, 1 the best.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'integer' })
  rank!: number;

  @Field(() => ListSide, { description: 'Red or black; null for a worker on neither side.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => ListSide, nullable: true })
  side?: ListSide | null;

  @Field(() => Float, { description: 'The assessment total the rank was decided by.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'real' })
  total!: number;
}
