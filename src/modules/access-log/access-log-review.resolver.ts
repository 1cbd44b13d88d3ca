import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs, toConnection } from '../../common/relay';
import type { RequestContext } from '../request-context';
import { EmergencyAccess } from '../delegation/emergency-access.entity';
import { Department } from '../department/department.entity';
import { User } from '../user/user.entity';
import {
  AccessAnomaly,
  AccessLogGrouping,
  AccessLogStatistic,
  RecordRead,
  RecordReadConnection,
} from './access-log-review.types';
import { AccessLogStatisticsService } from './access-log-statistics.service';
import { AnomalyService } from './anomaly.service';
import { LegalHold } from './legal-hold.entity';
import { LegalHoldService } from './legal-hold.service';
import { RecordReadService } from './record-reads.service';

const loadUser = (ctx: RequestContext, id: number | null | undefined) =>
  id ? ctx.loaders.byId(User).load(id) : Promise.resolve(null);

/** A privacy officer's reviews of the log (contract §8), and a resident's view of the reads of their record. */
@Resolver()
export class AccessLogReviewResolver {
  @Query(() => [AccessLogStatistic], {
    description: 'Access-log counts in [from, to) per actor, day, role or department; for reviewers of the log.',
  })
  accessLogStatistics(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => Date, { description: 'Start of the period counted (inclusive).' }) from: Date,
    @Arg('to', () => Date, { description: 'End of the period counted (exclusive).' }) to: Date,
    @Arg('groupBy', () => AccessLogGrouping, {
      description: 'What the entries are counted per.',
      defaultValue: AccessLogGrouping.ACTOR,
    })
    groupBy: AccessLogGrouping,
  ): Promise<AccessLogStatistic[]> {
    return new AccessLogStatisticsService(ctx).statistics(from, to, groupBy);
  }

  @Query(() => [AccessAnomaly], {
    description:
      'Bulk reads, off-hours reads, bursts of refusals and unreviewed emergency access in [from, to), oldest first.',
  })
  accessLogAnomalies(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => Date, { description: 'Start of the period searched (inclusive).' }) from: Date,
    @Arg('to', () => Date, { description: 'End of the period searched (exclusive).' }) to: Date,
  ): Promise<AccessAnomaly[]> {
    return new AnomalyService(ctx).anomalies(from, to);
  }

  @Query(() => [EmergencyAccess], {
    description: 'Emergency accesses that have ended and await a verdict, oldest first.',
  })
  emergencyAccessesToReview(@Ctx() ctx: RequestContext): Promise<EmergencyAccess[]> {
    return new AnomalyService(ctx).reviewQueue();
  }

  @Query(() => RecordReadConnection, {
    description:
      "Who (which post and department, never which person) read the caller's own resident record, newest first.",
  })
  async whoReadMyRecord(@Ctx() ctx: RequestContext, @Args(() => PageArgs) page: PageArgs) {
    return toConnection(RecordReadConnection, await new RecordReadService(ctx).whoReadMyRecord(page));
  }

  @Query(() => [LegalHold], { description: 'Legal holds on the access log, newest first, lifted ones included.' })
  legalHolds(@Ctx() ctx: RequestContext): Promise<LegalHold[]> {
    return new LegalHoldService(ctx).list();
  }

  @Mutation(() => LegalHold, {
    description: 'Keeps the access log of [from, to) past its retention until the hold is lifted.',
  })
  placeLegalHold(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => Date, { description: 'Start of the period to hold (inclusive).' }) from: Date,
    @Arg('to', () => Date, { description: 'End of the period to hold (exclusive).' }) to: Date,
    @Arg('reason', { description: 'Why the period is held, e.g. the investigation or lawsuit it serves.' })
    reason: string,
  ): Promise<LegalHold> {
    return new LegalHoldService(ctx).place(from, to, reason);
  }

  @Mutation(() => LegalHold, {
    description: 'Ends a legal hold; retention applies to its period again from the next maintenance run.',
  })
  liftLegalHold(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the legal hold to lift.' }) id: string,
  ): Promise<LegalHold> {
    return new LegalHoldService(ctx).lift(id);
  }
}

@Resolver(() => AccessLogStatistic)
export class AccessLogStatisticResolver {
  @FieldResolver(() => User, { nullable: true, description: 'The actor, when grouped by ACTOR.' })
  actor(@Root() row: AccessLogStatistic, @Ctx() ctx: RequestContext): Promise<User | null> {
    return loadUser(ctx, row.actorUserId);
  }

  @FieldResolver(() => Department, { nullable: true, description: 'The department, when grouped by DEPARTMENT.' })
  department(@Root() row: AccessLogStatistic, @Ctx() ctx: RequestContext): Promise<Department | null> {
    return row.departmentId ? ctx.loaders.byId(Department).load(row.departmentId) : Promise.resolve(null);
  }
}

@Resolver(() => AccessAnomaly)
export class AccessAnomalyResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who read, or who held the emergency access.' })
  actor(@Root() anomaly: AccessAnomaly, @Ctx() ctx: RequestContext): Promise<User | null> {
    return loadUser(ctx, anomaly.actorUserId);
  }

  @FieldResolver(() => EmergencyAccess, {
    nullable: true,
    description: 'The emergency access, for UNREVIEWED_EMERGENCY.',
  })
  emergencyAccess(@Root() anomaly: AccessAnomaly, @Ctx() ctx: RequestContext): Promise<EmergencyAccess | null> {
    return anomaly.emergencyAccessId
      ? ctx.loaders.byId(EmergencyAccess).load(anomaly.emergencyAccessId)
      : Promise.resolve(null);
  }
}

@Resolver(() => RecordRead)
export class RecordReadResolver {
  @FieldResolver(() => String, { nullable: true, description: "The reader's department, for partner departments." })
  async organisation(@Root() read: RecordRead, @Ctx() ctx: RequestContext): Promise<string | null> {
    return read.departmentId ? ((await ctx.loaders.byId(Department).load(read.departmentId))?.name ?? null) : null;
  }
}

@Resolver(() => LegalHold)
export class LegalHoldResolver {
  @FieldResolver(() => User, { description: 'The privacy officer who placed the hold.', nullable: true })
  placedBy(@Root() hold: LegalHold, @Ctx() ctx: RequestContext): Promise<User | null> {
    return loadUser(ctx, hold.placedBy?.id);
  }

  @FieldResolver(() => User, {
    description: 'The privacy officer who lifted the hold; null while it holds.',
    nullable: true,
  })
  liftedBy(@Root() hold: LegalHold, @Ctx() ctx: RequestContext): Promise<User | null> {
    return loadUser(ctx, hold.liftedBy?.id);
  }
}

export const accessLogReviewResolvers = [
  AccessLogReviewResolver,
  AccessLogStatisticResolver,
  AccessAnomalyResolver,
  RecordReadResolver,
  LegalHoldResolver,
] as const;
