import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../server/context';
import { Resident } from '../resident/resident.entity';
import { SpecialCategory } from '../resident/special-category.entity';
import { Mentorship } from './mentorship.entity';
import { PatrolTrack } from './patrol-track.entity';
import { Visit } from './visit.entity';
import { Worker } from './worker.entity';
import { FieldTier, Tier } from '../../common/tiers';
import { restrictedCategoryElevation } from '../resident/restricted-category';

@Resolver(() => Resident)
export class ResidentVisitsResolver {
  @FieldResolver(() => [Visit], { nullable: true, description: "Workers' visits to this resident, newest first." })
  // Visits to a resident are sensitive (T3): who came, when, and what was noted.
  @Tier(FieldTier.SENSITIVE)
  visits(@Root() resident: Resident, @Ctx() ctx: RequestContext): Promise<Visit[]> {
    return ctx.loaders.manyBy(Visit, 'resident', { visitedAt: 'desc', id: 'desc' }).load(resident.id);
  }
}

@Resolver(() => Visit)
export class VisitResolver {
  @FieldResolver(() => Worker, { nullable: true })
  @Tier(FieldTier.SENSITIVE, { elevation: restrictedCategoryElevation })
  worker(@Root() visit: Visit, @Ctx() ctx: RequestContext): Promise<Worker | null> {
    return ctx.loaders.byId(Worker).load(visit.worker.id);
  }

  @FieldResolver(() => SpecialCategory, { nullable: true, description: 'The category the visit was due for.' })
  @Tier(FieldTier.SENSITIVE, { elevation: restrictedCategoryElevation })
  category(@Root() visit: Visit, @Ctx() ctx: RequestContext): Promise<SpecialCategory | null> {
    return visit.category ? ctx.loaders.byId(SpecialCategory).load(visit.category.id) : Promise.resolve(null);
  }
}

@Resolver(() => Worker)
export class WorkerRecordsResolver {
  @FieldResolver(() => [PatrolTrack], { nullable: true, description: 'Recorded patrols, newest first.' })
  @Tier(FieldTier.INTERNAL)
  patrolTracks(@Root() worker: Worker, @Ctx() ctx: RequestContext): Promise<PatrolTrack[]> {
    return ctx.loaders.manyBy(PatrolTrack, 'worker', { startedAt: 'desc', id: 'desc' }).load(worker.id);
  }

  @FieldResolver(() => [Mentorship], {
    nullable: true,
    description: 'New-and-experienced pairs (新老结对) this worker is in.',
  })
  @Tier(FieldTier.INTERNAL)
  async mentorships(@Root() worker: Worker, @Ctx() ctx: RequestContext): Promise<Mentorship[]> {
    const [asMentor, asMentee] = await Promise.all([
      ctx.loaders.manyBy(Mentorship, 'mentor').load(worker.id),
      ctx.loaders.manyBy(Mentorship, 'mentee').load(worker.id),
    ]);
    return [...asMentor, ...asMentee];
  }
}

@Resolver(() => Mentorship)
export class MentorshipResolver {
  @FieldResolver(() => Worker, { nullable: true })
  @Tier(FieldTier.INTERNAL)
  mentor(@Root() pair: Mentorship, @Ctx() ctx: RequestContext): Promise<Worker | null> {
    return ctx.loaders.byId(Worker).load(pair.mentor.id);
  }

  @FieldResolver(() => Worker, { nullable: true })
  @Tier(FieldTier.INTERNAL)
  mentee(@Root() pair: Mentorship, @Ctx() ctx: RequestContext): Promise<Worker | null> {
    return ctx.loaders.byId(Worker).load(pair.mentee.id);
  }
}
