import { Field, ID, InputType, Int } from 'type-graphql';
import { IsOptional, Length, Matches, Min } from 'class-validator';
import { TrimmedLength } from '../case/case-command.inputs';

@InputType({ description: 'A new household (户) in a grid.' })
export class CreateHouseholdInput {
  @Field(() => ID, { description: 'The grid of the household’s address.' })
  grid!: string;

  @Field({ description: 'Household registration number, unique in the district.' })
  @Length(1, 30)
  code!: string;

  @Field({ description: 'Address of the household.' })
  @TrimmedLength(1, 200)
  address!: string;

  @Field(() => String, { nullable: true, description: 'Generated once per command; a retry returns the first result.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,48}$/, { message: 'clientKey must be 1–48 letters, digits or . _ : -' })
  clientKey?: string | null;
}

@InputType({ description: 'A resident joins or leaves a household, or becomes its head.' })
export class HouseholdMemberInput {
  @Field(() => ID, { description: 'The household.' })
  household!: string;

  @Field(() => Int, { description: 'The household’s version the change was made on.' })
  @Min(1)
  expectedVersion!: number;

  @Field(() => ID, { description: 'The resident.' })
  resident!: string;
}
