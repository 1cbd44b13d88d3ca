import { IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { SecurityLabel } from '../../common/tiers';

const CODE = /^[A-Z][A-Z0-9_]{1,39}$/;
const CODE_MESSAGE = 'must be an upper-case code such as CIVIL_AFFAIRS';

@InputType({ description: 'A functional department (职能部门) to add.' })
export class CreateDepartmentInput {
  @Field({ description: 'Stable upper-case code.' })
  @Matches(CODE, { message: CODE_MESSAGE })
  code!: string;

  @Field({ description: 'Name of the department.' })
  @Length(2, 100)
  name!: string;
}

@InputType({ description: 'A special-population category (特殊人群) to add to the catalogue.' })
export class CreateSpecialCategoryInput {
  @Field({ description: 'Stable upper-case code.' })
  @Matches(CODE, { message: CODE_MESSAGE })
  code!: string;

  @Field({ description: 'Name of the category.' })
  @Length(2, 60)
  name!: string;

  @Field({ description: 'Display colour, "#RRGGBB".' })
  @Matches(/^#[0-9A-Fa-f]{6}$/, { message: 'must be a colour such as #E53935' })
  colour!: string;

  @Field(() => SecurityLabel, { description: 'Tier of membership in the category.' })
  securityLabel!: SecurityLabel;

  @Field(() => Int, { description: 'How often a member should be visited, in days.' })
  @Min(1)
  @Max(366)
  visitEveryDays!: number;
}

@InputType({ description: 'Changes to a special category; the code stays.' })
export class UpdateSpecialCategoryInput {
  @Field(() => ID, { description: 'Global id of the category.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @IsOptional()
  @Length(2, 60)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New display colour, "#RRGGBB".' })
  @IsOptional()
  @Matches(/^#[0-9A-Fa-f]{6}$/, { message: 'must be a colour such as #E53935' })
  colour?: string | null;

  @Field(() => SecurityLabel, { nullable: true, description: 'New security label.' })
  securityLabel?: SecurityLabel | null;

  @Field(() => Int, { nullable: true, description: 'New visit frequency, in days.' })
  @IsOptional()
  @Min(1)
  @Max(366)
  visitEveryDays?: number | null;
}

@InputType({ description: 'A case category (事件类别): who handles it and its SLA deadlines.' })
export class CaseCategoryInput {
  @Field({ description: 'Stable upper-case code.' })
  @Matches(CODE, { message: CODE_MESSAGE })
  code!: string;

  @Field({ description: 'Name of the category.' })
  @Length(2, 60)
  name!: string;

  @Field(() => Int, { nullable: true, description: 'Grid level that closes it (3, 2 or 1); null: a department.' })
  @IsOptional()
  @Min(1)
  @Max(3)
  handlingLevel?: number | null;

  @Field(() => ID, { nullable: true, description: 'The department that handles it, when no grid level does.' })
  department?: string | null;

  @Field(() => Int, { description: 'Hours within which a case must be accepted.' })
  @Min(1)
  @Max(720)
  acceptWithinHours!: number;

  @Field(() => Int, { description: 'Hours within which a case must be resolved.' })
  @Min(1)
  @Max(8760)
  resolveWithinHours!: number;

  @Field({ defaultValue: false, description: 'Disputes and petitions: the description is sensitive (T3).' })
  sensitive: boolean = false;
}
