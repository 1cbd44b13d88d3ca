import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { OrderDirection } from '../../common/relay';
import { CaseSource, CaseStatus } from './case.enums';

@InputType({ description: 'Narrows a case list; all given conditions must hold.' })
export class CaseFilter {
  @Field(() => ID, { nullable: true, description: 'Only cases of this grid and the grids below it.' })
  grid?: string | null;

  @Field(() => [CaseStatus], { description: 'Cases in one of these states.', nullable: true })
  status?: CaseStatus[] | null;

  @Field(() => String, { nullable: true, description: 'Case category code.' })
  @IsOptional()
  @Length(1, 40)
  category?: string | null;

  @Field(() => CaseSource, { description: 'Cases from this source.', nullable: true })
  source?: CaseSource | null;

  @Field(() => ID, { nullable: true, description: 'Cases dispatched to this department.' })
  department?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Open cases past their resolution deadline.' })
  overdue?: boolean | null;

  @Field(() => Date, { description: 'Cases reported at or after this time.', nullable: true })
  reportedFrom?: Date | null;

  @Field(() => Date, { description: 'Cases reported before this time.', nullable: true })
  reportedUntil?: Date | null;
}

export enum CaseOrderField {
  REPORTED_AT = 'reportedAt',
  RESOLVE_DUE_AT = 'resolveDueAt',
  ID = 'id',
}
registerEnumType(CaseOrderField, {
  name: 'CaseOrderField',
  description: 'A value cases can be ordered by.',
  valuesConfig: {
    REPORTED_AT: { description: 'Report time.' },
    RESOLVE_DUE_AT: { description: 'Resolution deadline.' },
    ID: { description: 'Creation order.' },
  },
});

@InputType({ description: 'How a list of cases is ordered.' })
export class CaseOrder {
  @Field(() => CaseOrderField, { description: 'The value cases are ordered by.' })
  field: CaseOrderField = CaseOrderField.REPORTED_AT;

  @Field(() => OrderDirection, { description: 'Ascending or descending.' })
  direction: OrderDirection = OrderDirection.DESC;
}
