import { FieldTier, TypeTier } from '../../common/tiers';
import { Arg, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../request-context';
import { Department } from '../department/department.entity';
import { Grid } from '../grid/grid.entity';
import { Resident } from '../resident/resident.entity';
import { Worker } from '../worker/worker.entity';
import { User } from './user.entity';
import { UserService } from './user.service';

@TypeTier(FieldTier.PUBLIC)
@ObjectType({ description: 'The result of a login.' })
class LoginPayload {
  @Field({ description: 'Bearer token for the Authorization header.' })
  token!: string;

  @Field(() => User, { description: 'The user who logged in.' })
  user!: User;
}

@Resolver(() => User)
export class UserResolver {
  @Mutation(() => LoginPayload, { description: 'Exchanges a username and password for a bearer token.' })
  login(
    @Ctx() ctx: RequestContext,
    @Arg('username', { description: 'Login name.' }) username: string,
    @Arg('password', { description: 'Password.' }) password: string,
  ): Promise<LoginPayload> {
    return new UserService(ctx).login(username.trim(), password);
  }

  @Query(() => User, { description: 'The caller.' })
  me(@Ctx() ctx: RequestContext): Promise<User> {
    return new UserService(ctx).me();
  }

  @Query(() => String, { description: 'Liveness: answers "ok" without a token.' })
  health(): string {
    return 'ok';
  }

  @FieldResolver(() => [Grid], {
    description: 'Grids whose subtrees this post covers (all of the district: the root).',
  })
  async scopeGrids(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Grid[]> {
    const paths = ctx.authenticated && user.id === ctx.policy.principal.userId ? ctx.policy.principal.scopePaths : [];
    const ids = paths.map((path) => Number(path.split('/').filter(Boolean).pop()));
    const grids = await ctx.loaders.byId(Grid).loadMany(ids);
    return grids.filter((grid): grid is Grid => grid instanceof Grid);
  }

  @FieldResolver(() => Worker, {
    description: 'The grid worker record of the user, for workers and leaders.',
    nullable: true,
  })
  worker(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Worker | null> {
    return user.worker ? ctx.loaders.byId(Worker).load(user.worker.id) : Promise.resolve(null);
  }

  @FieldResolver(() => Department, {
    description: 'The department of the user, for department officers.',
    nullable: true,
  })
  department(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Department | null> {
    return user.department ? ctx.loaders.byId(Department).load(user.department.id) : Promise.resolve(null);
  }

  @FieldResolver(() => Resident, { nullable: true, description: "The caller's own resident record (RESIDENT post)." })
  resident(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Resident | null> {
    return user.resident ? ctx.loaders.byId(Resident).load(user.resident.id) : Promise.resolve(null);
  }
}
