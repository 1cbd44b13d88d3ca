import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../request-context';
import { MoveResidentInput, RegisterResidentInput, UpdateResidentInput } from './resident-registry.inputs';
import { ResidentMoveService } from './resident-move.service';
import { ResidentRegistryService } from './resident-registry.service';
import { Resident } from './resident.entity';

/** The grid staff's writes of residents (contract §13); each leaves an entry in the change history. */
@Resolver()
export class ResidentRegistryResolver {
  @Mutation(() => Resident, {
    description: 'Register a person in a grid; a duplicate ID-card number answers CONFLICT naming the grid only.',
  })
  registerResident(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RegisterResidentInput, { description: 'The person to register.' }) input: RegisterResidentInput,
  ): Promise<Resident> {
    return new ResidentRegistryService(ctx).register(input);
  }

  @Mutation(() => Resident, { description: 'Change fields of a resident’s record (up to the caller’s write tier).' })
  updateResident(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateResidentInput, { description: 'The resident, its version and the new values.' })
    input: UpdateResidentInput,
  ): Promise<Resident> {
    return new ResidentRegistryService(ctx).update(input);
  }

  @Mutation(() => Resident, {
    description: 'Move a resident to another grid in the caller’s scope, or out of the district.',
  })
  moveResident(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => MoveResidentInput, { description: 'The resident, its version and where to.' })
    input: MoveResidentInput,
  ): Promise<Resident> {
    return new ResidentMoveService(ctx).move(input);
  }
}
