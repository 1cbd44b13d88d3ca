import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { IsOptional, Length, Max, Min } from 'class-validator';
import { OrderDirection } from '../../common/relay';
import { GridKind } from './grid.entity';

@InputType({ description: 'Narrows a grid list; all given conditions must hold.' })
export class GridFilter {
  @Field(() => ID, { nullable: true, description: 'Only this grid and the grids below it.' })
  under?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the direct children of this grid.' })
  parent?: string | null;

  @Field(() => Int, { description: 'Grids at this level.', nullable: true })
  @IsOptional()
  @Min(0)
  @Max(9)
  level?: number | null;

  @Field(() => GridKind, { description: 'Grids of this kind.', nullable: true })
  kind?: GridKind | null;

  @Field(() => String, { nullable: true, description: 'Part of the grid name.' })
  @IsOptional()
  @Length(1, 50)
  nameContains?: string | null;
}

export enum GridOrderField {
  NAME = 'name',
  CODE = 'code',
  LEVEL = 'level',
  ID = 'id',
}
registerEnumType(GridOrderField, {
  name: 'GridOrderField',
  description: 'A value grids can be ordered by.',
  valuesConfig: {
    NAME: { description: 'Name.' },
    CODE: { description: 'Grid code, which follows the tree.' },
    LEVEL: { description: 'Level in the tree.' },
    ID: { description: 'Creation order.' },
  },
});

@InputType({ description: 'How a list of grids is ordered.' })
export class GridOrder {
  @Field(() => GridOrderField, { description: 'The value grids are ordered by.' })
  field: GridOrderField = GridOrderField.CODE;

  @Field(() => OrderDirection, { description: 'Ascending or descending.' })
  direction: OrderDirection = OrderDirection.ASC;
}
