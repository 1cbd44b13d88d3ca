import { ArrayMaxSize, ArrayNotEmpty, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A purpose-bound grant of resident data to a partner department (contract §6).' })
export class CreateDelegationInput {
  @Field(() => ID, { description: 'Global id of the department granted the data.' })
  department!: string;

  @Field(() => ID, { description: 'Root of the delegated grid subtree.' })
  grid!: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Special-category codes; none: every resident of the subtree.',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  categoryCodes?: string[] | null;

  @Field(() => [String], { description: 'Resident fields granted, e.g. ["name", "phone", "address"].' })
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  fields!: string[];

  @Field({ defaultValue: false, description: 'Grant restricted (T4) fields in the list; off unless said.' })
  includesRestricted: boolean = false;

  @Field({ description: 'Code the department states in X-Access-Purpose, e.g. WELFARE_CHECK.' })
  @Matches(/^[A-Z][A-Z0-9_]{2,39}$/, { message: 'must be an upper-case code such as WELFARE_CHECK' })
  purposeCode!: string;

  @Field({ description: 'The purpose in words.' })
  @Length(4, 500)
  purposeText!: string;

  @Field({ description: 'The legal basis of the grant.' })
  @Length(4, 500)
  legalBasis!: string;

  @Field({ nullable: true, description: 'Defaults to now.' })
  @IsOptional()
  validFrom?: Date;

  @Field({ description: 'End of validity.' })
  validUntil!: Date;
}

@InputType({ description: 'Break-the-glass access to one resident or one grid (contract §7).' })
export class OpenEmergencyAccessInput {
  @Field(() => ID, {
    description: 'Global id of the one resident the access covers; give this or grid.',
    nullable: true,
  })
  resident?: string | null;

  @Field(() => ID, {
    description: 'Global id of the one level-3 grid the access covers; give this or resident.',
    nullable: true,
  })
  grid?: string | null;

  @Field({ description: 'Why the access is needed now; kept for review.' })
  @Length(10, 500)
  reason!: string;

  @Field(() => Int, { defaultValue: 60, description: 'Minutes, at most 240.' })
  @Min(5)
  @Max(240)
  minutes: number = 60;
}
