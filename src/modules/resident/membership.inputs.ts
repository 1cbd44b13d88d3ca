import { Field, ID, InputType, Int } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { IsOptional, Length, Matches, Min } from 'class-validator';
import { TrimmedLength } from '../case/case-command.inputs';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLIENT_KEY = /^[A-Za-z0-9._:-]{1,48}$/;

@InputType({ description: 'A resident joins a special category (七彩管理).' })
export class StartMembershipInput {
  @Field(() => ID, { description: 'The resident.' })
  resident!: string;

  @Field({ description: 'Code of the special category, e.g. ELDERLY_ALONE.' })
  @Length(1, 40)
  category!: string;

  @Field({ description: 'Date the membership began (YYYY-MM-DD).' })
  @Matches(DATE, { message: 'since must be a date as YYYY-MM-DD' })
  since!: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Care or control details (T4).' })
  @IsOptional()
  details?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'Generated once per command; a retry returns the first result.' })
  @IsOptional()
  @Matches(CLIENT_KEY, { message: 'clientKey must be 1–48 letters, digits or . _ : -' })
  clientKey?: string | null;
}

@InputType({ description: 'Changes to a current membership.' })
export class UpdateMembershipInput {
  @Field(() => ID, { description: 'The membership.' })
  id!: string;

  @Field(() => Int, { description: 'The version the change was made on.' })
  @Min(1)
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'Corrected start date (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(DATE, { message: 'since must be a date as YYYY-MM-DD' })
  since?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'New care or control details (T4).' })
  @IsOptional()
  details?: Record<string, unknown> | null;
}

@InputType({ description: 'A membership ends; its row stays, with the date and the reason.' })
export class EndMembershipInput {
  @Field(() => ID, { description: 'The membership.' })
  id!: string;

  @Field(() => Int, { description: 'The version the decision was made on.' })
  @Min(1)
  expectedVersion!: number;

  @Field({ description: 'Date the membership ended (YYYY-MM-DD), not before it began.' })
  @Matches(DATE, { message: 'endedOn must be a date as YYYY-MM-DD' })
  endedOn!: string;

  @Field({ description: 'Why it ended, up to 200 characters.' })
  @TrimmedLength(1, 200)
  reason!: string;
}
