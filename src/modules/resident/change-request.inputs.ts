import { Field, ID, InputType } from 'type-graphql';
import { TrimmedLength } from '../case/case-command.inputs';

@InputType({ description: 'A worker’s rejection of a resident’s correction request.' })
export class RejectChangeRequestInput {
  @Field(() => ID, { description: 'The change request.' })
  id!: string;

  @Field({ description: 'Why it is rejected, told to the resident (up to 200 characters).' })
  @TrimmedLength(1, 200)
  reason!: string;
}
