import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../request-context';
import { ChangeRequest, ChangeRequestStatus } from './change-request.entity';
import { RejectChangeRequestInput } from './change-request.inputs';
import { ChangeRequestService } from './change-request.service';
import { UpdateResidentInput } from './resident-registry.inputs';

/** A resident's corrections of their own phone and address, and the grid staff's decisions on them. */
@Resolver()
export class ChangeRequestResolver {
  @Mutation(() => ChangeRequest, {
    description: 'Ask for a correction of one’s own phone or address; a worker of the grid confirms it.',
  })
  requestChange(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateResidentInput, { description: 'One’s own record, its version and the new values.' })
    input: UpdateResidentInput,
  ): Promise<ChangeRequest> {
    return new ChangeRequestService(ctx).file(input);
  }

  @Mutation(() => ChangeRequest, { description: 'Confirm a change request: the change is applied to the record.' })
  confirmChangeRequest(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The change request.' }) id: string,
  ): Promise<ChangeRequest> {
    return new ChangeRequestService(ctx).confirm(id);
  }

  @Mutation(() => ChangeRequest, { description: 'Reject a change request, with the reason.' })
  rejectChangeRequest(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RejectChangeRequestInput, { description: 'The request and why.' })
    input: RejectChangeRequestInput,
  ): Promise<ChangeRequest> {
    return new ChangeRequestService(ctx).reject(input);
  }

  @Query(() => [ChangeRequest], { description: 'Change requests of residents in the caller’s grids, oldest first.' })
  changeRequests(
    @Ctx() ctx: RequestContext,
    @Arg('status', () => ChangeRequestStatus, {
      defaultValue: ChangeRequestStatus.PENDING,
      description: 'Which requests: pending ones unless told otherwise.',
    })
    status: ChangeRequestStatus,
    @Arg('first', () => Int, { defaultValue: 50, description: 'How many, at most 200.' }) first: number,
  ): Promise<ChangeRequest[]> {
    return new ChangeRequestService(ctx).list(status, first);
  }

  @Query(() => [ChangeRequest], { description: 'The caller’s own change requests, newest first.' })
  myChangeRequests(@Ctx() ctx: RequestContext): Promise<ChangeRequest[]> {
    return new ChangeRequestService(ctx).mine();
  }
}
