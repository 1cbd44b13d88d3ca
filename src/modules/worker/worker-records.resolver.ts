import { FieldTier, Tier } from '../../common/tiers';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../request-context';
import { Resident } from '../resident/resident.entity';
import { SpecialCategory } from '../resident/special-category.entity';
import { Mentorship } from './mentorship.entity';
import { PatrolTrack } from './patrol-track.entity';
import { Visit } from './visit.entity';
import { Worker } from './worker.entity';
import { WorkerService } from './worker.service';
import { restrictedCategoryElevation } from '../resident/restricted-category';

@Resolver(() => Resident)
export class ResidentVisitsResolver {
  @FieldResolver(() => [Visit], { nullable: true, description: "Workers' visits to this resident, newest first." })
  @Tier(FieldTier.SENSITIVE)
  visits(@Root() resident: Resident, @Ctx() ctx: RequestContext): Promise<Visit[]> {
    return new WorkerService(ctx).visitsTo(resident);
  }
}

@Resolver(() => Visit)
export class VisitResolver {
  @FieldResolver(() => Worker, { description: 'The worker who made the visit.', nullable: true })
  @Tier(FieldTier.SENSITIVE, { elevation: restrictedCategoryElevation })
  worker(@Root() visit: Visit, @Ctx() ctx: RequestContext): Promise<Worker | null> {
    return new WorkerService(ctx).byId(visit.worker.id);
  }

  @FieldResolver(() => SpecialCategory, { nullable: true, description: 'The category the visit was due for.' })
  @Tier(FieldTier.SENSITIVE, { elevation: restrictedCategoryElevation })
  category(@Root() visit: Visit, @Ctx() ctx: RequestContext): Promise<SpecialCategory | null> {
    return new WorkerService(ctx).visitCategory(visit);
  }
}

@Resolver(() => Worker)
export class WorkerRecordsResolver {
  @FieldResolver(() => [PatrolTrack], { nullable: true, description: 'Recorded patrols, newest first.' })
  @Tier(FieldTier.INTERNAL)
  patrolTracks(@Root() worker: Worker, @Ctx() ctx: RequestContext): Promise<PatrolTrack[]> {
    return new WorkerService(ctx).patrolTracks(worker);
  }

  @FieldResolver(() => [Mentorship], {
    nullable: true,
    description: 'New-and-experienced pairs (新老结对) this worker is in.',
  })
  @Tier(FieldTier.INTERNAL)
  mentorships(@Root() worker: Worker, @Ctx() ctx: RequestContext): Promise<Mentorship[]> {
    return new WorkerService(ctx).mentorships(worker);
  }
}

@Resolver(() => Mentorship)
export class MentorshipResolver {
  @FieldResolver(() => Worker, { description: 'The experienced worker.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  mentor(@Root() pair: Mentorship, @Ctx() ctx: RequestContext): Promise<Worker | null> {
    return new WorkerService(ctx).byId(pair.mentor.id);
  }

  @FieldResolver(() => Worker, { description: 'The new worker.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  mentee(@Root() pair: Mentorship, @Ctx() ctx: RequestContext): Promise<Worker | null> {
    return new WorkerService(ctx).byId(pair.mentee.id);
  }
}
