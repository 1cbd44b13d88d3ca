import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { EntityClass } from '@mikro-orm/postgresql';
import { entities } from './entities';
import type { RequestContext } from './context';
import { badInput, notFound } from '../common/errors';
import { fromGlobalId, Node } from '../common/global-id';

const byTypeName = new Map<string, EntityClass<{ id: number }>>(
  entities.map((entity) => [entity.name, entity as EntityClass<{ id: number }>]),
);

@Resolver()
export class NodeResolver {
  @Query(() => Node, { description: 'Any object by its global id, under the same rules as its own query.' })
  async node(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the object.' }) id: string,
  ): Promise<Node> {
    const { typeName, id: rowId } = fromGlobalId(id);
    const entity = byTypeName.get(typeName);
    if (!entity) throw badInput('id', `"${id}" names no known type`);
    const row = await ctx.loaders.byId(entity).load(rowId);
    if (!row) throw notFound(typeName, id);
    return row as unknown as Node;
  }
}
