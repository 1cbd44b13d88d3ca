import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../request-context';
import { Department } from '../department/department.entity';
import { Grid } from '../grid/grid.entity';
import { Resident } from '../resident/resident.entity';
import { User } from '../user/user.entity';
import { Delegation } from './delegation.entity';
import { CreateDelegationInput, OpenEmergencyAccessInput } from './delegation.inputs';
import { DelegationService } from './delegation.service';
import { EmergencyAccess, EmergencyReview } from './emergency-access.entity';
import { EmergencyService } from './emergency.service';

@Resolver(() => Delegation)
export class DelegationResolver {
  @Query(() => [Delegation], { description: 'Delegations the caller may see, newest first.' })
  delegations(@Ctx() ctx: RequestContext): Promise<Delegation[]> {
    return new DelegationService(ctx).list();
  }

  @Mutation(() => Delegation, {
    description: 'Grants a department a slice of resident data for a purpose and a period.',
  })
  createDelegation(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateDelegationInput, { description: 'What is granted, to whom, why and until when.' })
    input: CreateDelegationInput,
  ): Promise<Delegation> {
    return new DelegationService(ctx).create(input);
  }

  @Mutation(() => Delegation, { description: 'Ends a delegation; it stops applying from the next request.' })
  revokeDelegation(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the delegation.' }) id: string,
  ): Promise<Delegation> {
    return new DelegationService(ctx).revoke(id);
  }

  @FieldResolver(() => Department, { description: 'The department the data is granted to.', nullable: true })
  department(@Root() delegation: Delegation, @Ctx() ctx: RequestContext): Promise<Department | null> {
    return ctx.loaders.byId(Department).load(delegation.department.id);
  }

  @FieldResolver(() => Grid, { description: 'The root of the grid subtree granted.', nullable: true })
  grid(@Root() delegation: Delegation, @Ctx() ctx: RequestContext): Promise<Grid | null> {
    return ctx.loaders.byId(Grid).load(delegation.grid.id);
  }

  @FieldResolver(() => User, { description: 'The administrator who approved the delegation.', nullable: true })
  approvedBy(@Root() delegation: Delegation, @Ctx() ctx: RequestContext): Promise<User | null> {
    return ctx.loaders.byId(User).load(delegation.approvedBy.id);
  }

  @FieldResolver(() => Boolean, { description: 'In force now: started, not expired, not revoked.' })
  active(@Root() delegation: Delegation): boolean {
    const now = Date.now();
    return !delegation.revokedAt && delegation.validFrom.getTime() <= now && delegation.validUntil.getTime() > now;
  }
}

@Resolver(() => EmergencyAccess)
export class EmergencyAccessResolver {
  @Query(() => [EmergencyAccess], { description: "Emergency accesses: one's own, or all for reviewers." })
  emergencyAccesses(@Ctx() ctx: RequestContext): Promise<EmergencyAccess[]> {
    return new EmergencyService(ctx).list();
  }

  @Mutation(() => EmergencyAccess, {
    description: 'Opens break-the-glass access; every read under it is logged as EMERGENCY.',
  })
  openEmergencyAccess(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => OpenEmergencyAccessInput, { description: 'Target, reason and duration of the access.' })
    input: OpenEmergencyAccessInput,
  ): Promise<EmergencyAccess> {
    return new EmergencyService(ctx).open(input);
  }

  @Mutation(() => EmergencyAccess, {
    description: "Closes one of the caller's own emergency accesses before it expires.",
  })
  closeEmergencyAccess(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the emergency access.' }) id: string,
  ): Promise<EmergencyAccess> {
    return new EmergencyService(ctx).close(id);
  }

  @Mutation(() => EmergencyAccess, { description: "A privacy officer's verdict on an emergency access." })
  reviewEmergencyAccess(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the ended emergency access.' }) id: string,
    @Arg('review', () => EmergencyReview, { description: 'Whether the access was justified.' }) review: EmergencyReview,
    @Arg('note', { description: "The reviewer's note." }) note: string,
  ): Promise<EmergencyAccess> {
    return new EmergencyService(ctx).review(id, review, note);
  }

  @FieldResolver(() => User, { description: 'The user who opened the access.', nullable: true })
  user(@Root() access: EmergencyAccess, @Ctx() ctx: RequestContext): Promise<User | null> {
    return ctx.loaders.byId(User).load(access.user.id);
  }

  @FieldResolver(() => Resident, { nullable: true, description: 'The resident, when the caller may see them.' })
  resident(@Root() access: EmergencyAccess, @Ctx() ctx: RequestContext): Promise<Resident | null> {
    return access.resident ? ctx.loaders.byId(Resident).load(access.resident.id) : Promise.resolve(null);
  }

  @FieldResolver(() => Grid, {
    description: 'The level-3 grid the access covers; null when it covers a resident.',
    nullable: true,
  })
  grid(@Root() access: EmergencyAccess, @Ctx() ctx: RequestContext): Promise<Grid | null> {
    return access.grid ? ctx.loaders.byId(Grid).load(access.grid.id) : Promise.resolve(null);
  }
}
