import { Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../request-context';
import { Delegation } from '../delegation/delegation.entity';

@Resolver(() => Delegation)
export class MyDelegationsResolver {
  @Query(() => [Delegation], {
    description:
      "The caller's department's delegations (purpose, fields, categories, subtree, validity), newest first.",
  })
  myDelegations(@Ctx() ctx: RequestContext): Promise<Delegation[]> {
    const department = ctx.policy.principal.departmentId;
    if (department === null) return Promise.resolve([]);
    // The row policy narrows the list further to what the caller may see of delegations.
    return ctx.em.find(Delegation, { department }, { orderBy: { id: 'desc' } });
  }
}
