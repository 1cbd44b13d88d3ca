import { FieldTier, TypeTier } from '../../common/tiers';
import { Field, ID, InputType, ObjectType, Int } from 'type-graphql';
import { IsOptional, Length, Matches } from 'class-validator';
import { Role } from '../../policy/roles';
import { AccessAction, AccessOutcome } from '../../audit/access-log.enums';

@InputType({ description: 'Narrows the access log; all given conditions must hold.' })
export class AccessLogFilter {
  @Field(() => ID, { nullable: true, description: 'The user who read.' })
  actor?: string | null;

  @Field(() => Role, { description: 'The post of the reader.', nullable: true })
  role?: Role | null;

  @Field(() => ID, { nullable: true, description: 'The department of the reader.' })
  department?: string | null;

  @Field(() => ID, { nullable: true, description: 'The object read, by its global id (e.g. a resident).' })
  subject?: string | null;

  @Field(() => String, { nullable: true, description: 'Type of the object read, e.g. Resident.' })
  @IsOptional()
  @Matches(/^[A-Z][A-Za-z]{1,39}$/, { message: 'must be a type name such as Resident' })
  entityType?: string | null;

  @Field(() => String, { nullable: true, description: 'A field among those read, e.g. idNumber.' })
  @IsOptional()
  @Length(1, 60)
  field?: string | null;

  @Field(() => AccessOutcome, { description: 'Entries with this outcome.', nullable: true })
  outcome?: AccessOutcome | null;

  @Field(() => AccessAction, { description: 'Entries with this action.', nullable: true })
  action?: AccessAction | null;

  @Field(() => String, {
    nullable: true,
    description: 'ROLE_SCOPE, SELF, DELEGATION or EMERGENCY (any id), or one exact basis.',
  })
  @IsOptional()
  @Length(1, 40)
  basis?: string | null;

  @Field(() => String, { description: 'Entries with this stated purpose code.', nullable: true })
  @IsOptional()
  @Length(1, 40)
  purpose?: string | null;

  @Field(() => ID, { nullable: true, description: 'Reads made under this delegation.' })
  delegation?: string | null;

  @Field(() => Date, { nullable: true, description: 'From this time (inclusive).' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Until this time (exclusive).' })
  to?: Date | null;
}

@TypeTier(FieldTier.PUBLIC)
@ObjectType({ description: 'The result of recomputing the hash chain of the access log over a period.' })
export class AccessLogVerification {
  @Field({ description: 'True when every entry checked is intact and in its place.' })
  ok!: boolean;

  @Field(() => Int, { description: 'Number of entries checked.' })
  checked!: number;

  @Field(() => Int, { description: 'Number of signed checkpoints (seals of all chains) checked.' })
  checkpointsChecked!: number;

  @Field(() => ID, { nullable: true, description: 'Global id of the first entry that fails.' })
  firstBadEntry!: string | null;

  @Field(() => String, { nullable: true, description: 'What is wrong with it.' })
  problem!: string | null;
}
