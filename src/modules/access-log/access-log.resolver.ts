import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, PageArgs, toConnection } from '../../common/relay';
import { FieldTier, Tier } from '../../common/tiers';
import type { RequestContext } from '../request-context';
import { Department } from '../department/department.entity';
import { User } from '../user/user.entity';
import { AccessLog } from './access-log.entity';
import { AccessLogFilter, AccessLogVerification } from './access-log.inputs';
import { AccessLogService } from './access-log.service';

export const AccessLogConnection = ConnectionType(AccessLog);

@Resolver(() => AccessLog)
export class AccessLogResolver {
  @Query(() => AccessLogConnection, { description: 'Entries of the access log the caller may review, newest first.' })
  async accessLogs(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AccessLogFilter, { description: 'Conditions the entries must meet.', nullable: true })
    filter: AccessLogFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const service = new AccessLogService(ctx);
    const compiled = await service.compiledList(info, filter, page);
    if (compiled) return compiled;
    return toConnection(AccessLogConnection, await service.list(filter, page));
  }

  @Query(() => AccessLogVerification, {
    description: 'Recomputes the hash chain over [from, to) and names the first bad entry.',
  })
  verifyAccessLog(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => Date, { description: 'Start of the period checked (inclusive).' }) from: Date,
    @Arg('to', () => Date, { description: 'End of the period checked (exclusive).' }) to: Date,
  ): Promise<AccessLogVerification> {
    return new AccessLogService(ctx).verify(from, to);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user who read.' })
  // Who read is personal to the reader; the reader's organisation is what a resident is shown.
  @Tier(FieldTier.PERSONAL)
  actor(@Root() entry: AccessLog, @Ctx() ctx: RequestContext): Promise<User | null> {
    return entry.actorUserId ? ctx.loaders.byId(User).load(entry.actorUserId) : Promise.resolve(null);
  }

  @FieldResolver(() => Department, { nullable: true, description: "The reader's department, if any." })
  @Tier(FieldTier.INTERNAL)
  actorDepartment(@Root() entry: AccessLog, @Ctx() ctx: RequestContext): Promise<Department | null> {
    return entry.actorDepartmentId ? ctx.loaders.byId(Department).load(entry.actorDepartmentId) : Promise.resolve(null);
  }
}
