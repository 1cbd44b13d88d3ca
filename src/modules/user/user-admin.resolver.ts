import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../request-context';
import { CreateUserInput, UpdateUserInput } from './user-admin.inputs';
import { UserAdminService } from './user-admin.service';
import { User } from './user.entity';

@Resolver(() => User)
export class UserAdminResolver {
  @Query(() => [User], {
    description: 'The users the caller may see: all of them for the district admin, else its own.',
  })
  users(@Ctx() ctx: RequestContext): Promise<User[]> {
    return new UserAdminService(ctx).list();
  }

  @Mutation(() => User, { description: 'Creates a login holding one post, with its grid, department or worker.' })
  createUser(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateUserInput, { description: 'The new user.' }) input: CreateUserInput,
  ): Promise<User> {
    return new UserAdminService(ctx).createUser(input);
  }

  @Mutation(() => User, { description: "Changes a user's name, password, post, scope grid or department." })
  updateUser(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateUserInput, { description: 'What changes.' }) input: UpdateUserInput,
  ): Promise<User> {
    return new UserAdminService(ctx).updateUser(input);
  }

  @Mutation(() => User, { description: 'Disables a login: its tokens are refused from the next request on.' })
  disableUser(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the user.' }) id: string,
    @Arg('expectedVersion', () => Int, { description: 'The version the change was made against.' })
    expectedVersion: number,
  ): Promise<User> {
    return new UserAdminService(ctx).disableUser(id, expectedVersion);
  }
}
