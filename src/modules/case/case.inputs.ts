import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { OrderDirection } from '../../common/relay';
import { CaseSource, CaseStatus } from './case.enums';

@InputType({ description: 'Narrows a case list; all given conditions must hold.' })
export class CaseFilter {
  @Field(() => ID, { nullable: true, description: 'Only cases of this grid and the grids below it.' })
  grid?: string | null;

  @Field(() => [CaseStatus], { nullable: true })
  status?: CaseStatus[] | null;

  @Field(() => String, { nullable: true, description: 'Case category code.' })
  @IsOptional()
  @Length(1, 40)
  category?: string | null;

  @Field(() => CaseSource, { nullable: true })
  source?: CaseSource | null;

  @Field(() => ID, { nullable: true, description: 'Cases dispatched to this department.' })
  department?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Open cases past their resolution deadline.' })
  overdue?: boolean | null;

  @Field(() => Date, { nullable: true })
  reportedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  reportedUntil?: Date | null;
}

export enum CaseOrderField {
  REPORTED_AT = 'reportedAt',
  RESOLVE_DUE_AT = 'resolveDueAt',
  ID = 'id',
}
registerEnumType(CaseOrderField, { name: 'CaseOrderField' });

@InputType()
export class CaseOrder {
  @Field(() => CaseOrderField)
  field: CaseOrderField = CaseOrderField.REPORTED_AT;

  @Field(() => OrderDirection)
  direction: OrderDirection = OrderDirection.DESC;
}
