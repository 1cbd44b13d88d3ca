import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { IsOptional, Length, Matches } from 'class-validator';
import { OrderDirection } from '../../common/relay';
import { IsCalendarDate } from '../../common/dates';
import { Gender, ResidenceType } from './resident.entity';

@InputType({ description: 'Narrows a resident list; filtering on a field needs clear access to that field.' })
export class ResidentFilter {
  @Field(() => ID, { nullable: true, description: 'Only residents of this grid and the grids below it.' })
  grid?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the name (needs clear access to name).' })
  @IsOptional()
  @Length(1, 50)
  nameContains?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact ID-card number (needs clear access to idNumber).' })
  @IsOptional()
  @Matches(/^(\d{15}|\d{17}[\dXx])$/, { message: 'must be a 15- or 18-character ID-card number' })
  idNumber?: string | null;

  @Field(() => Gender, { description: 'Residents of this gender.', nullable: true })
  gender?: Gender | null;

  @Field(() => ResidenceType, { description: 'Residents with this residence type.', nullable: true })
  residenceType?: ResidenceType | null;

  @Field(() => String, { nullable: true, description: 'Members of this special category (code).' })
  @IsOptional()
  @Length(1, 40)
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Born on or after (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  bornFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Born on or before (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  bornUntil?: string | null;
}

export enum ResidentOrderField {
  NAME = 'name',
  BIRTH_DATE = 'birthDate',
  ID = 'id',
}
registerEnumType(ResidentOrderField, {
  name: 'ResidentOrderField',
  description: 'A value residents can be ordered by.',
  valuesConfig: {
    NAME: { description: 'Full name.' },
    BIRTH_DATE: { description: 'Birth date.' },
    ID: { description: 'Creation order.' },
  },
});

@InputType({ description: 'How a list of residents is ordered.' })
export class ResidentOrder {
  @Field(() => ResidentOrderField, { description: 'The value residents are ordered by.' })
  field: ResidentOrderField = ResidentOrderField.ID;

  @Field(() => OrderDirection, { description: 'Ascending or descending.' })
  direction: OrderDirection = OrderDirection.ASC;
}
