import { FieldTier, TypeTier } from './tiers';
import { ArgsType, ClassType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Max, Min } from 'class-validator';

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'The direction of an ordering.',
  valuesConfig: { ASC: { description: 'Smallest first.' }, DESC: { description: 'Largest first.' } },
});

@TypeTier(FieldTier.PUBLIC)
@ObjectType({ description: 'Where a page of a connection stands in the whole list.' })
export class PageInfo {
  @Field({ description: 'Whether more rows follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether rows precede this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first row of the page; null on an empty page.' })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last row of the page; pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

/** The largest page any list gives; the cost limit refuses a larger `first` before anything runs. */
export const MAX_PAGE_SIZE = 500;

/** Relay forward pagination: up to `first` items after the cursor `after`. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: 'Page size, 0 to 500.' })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the previous page.' })
  after?: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

/** A page of rows; `totalCount` runs its count query only when a client asks for it. */
export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

/** Builds the Connection and Edge object types of one node type (Relay cursor connections spec). */
export function ConnectionType<T extends object>(nodeType: ClassType<T>) {
  const name = nodeType.name;

  @TypeTier(FieldTier.PUBLIC)
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with its cursor.` })
  class EdgeType {
    @Field(() => nodeType, { description: `The ${name} itself.` })
    node!: T;

    @Field({ description: 'Opaque cursor of this row, for `after`.' })
    cursor!: string;
  }

  @TypeTier(FieldTier.PUBLIC)
  @ObjectType(`${name}Connection`, { description: `A page of ${name} rows the caller may see.` })
  class ConnectionClass {
    @Field(() => [EdgeType], { description: 'The rows of the page, each with its cursor.' })
    edges!: EdgeType[];

    @Field(() => [nodeType], { description: 'The nodes of `edges`, for clients that need no cursors.' })
    nodes(): T[] {
      return this.edges.map((edge) => edge.node);
    }

    @Field(() => PageInfo, { description: 'Where this page stands in the whole list.' })
    pageInfo!: PageInfo;

    count!: () => Promise<number>;

    @Field(() => Int, { description: 'Number of rows matching the filter that the caller may see.' })
    totalCount(): Promise<number> {
      return this.count();
    }
  }
  return ConnectionClass;
}

/** Wraps a page in a node type's Connection object, whose totalCount counts on demand. */
export function toConnection<C extends { count: () => Promise<number> }, T>(Type: new () => C, page: Page<T>): C {
  return Object.assign(new Type(), { edges: page.edges, pageInfo: page.pageInfo, count: page.totalCount });
}
