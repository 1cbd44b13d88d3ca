import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { GridKind } from './grid.entity';

const CODE = /^[A-Za-z0-9_-]{2,40}$/;

@InputType({ description: 'A new grid under a parent, one level below it.' })
export class CreateGridInput {
  @Field(() => ID, { description: 'The grid one level up.' })
  parent!: string;

  @Field({ description: 'Name of the grid.' })
  @Length(1, 100)
  name!: string;

  @Field({ description: 'Administrative code, unique in the district.' })
  @Matches(CODE, { message: 'must be 2–40 letters, digits, "-" or "_"' })
  code!: string;

  @Field(() => GridKind, { description: 'What the grid is on the ground; it must fit the level.' })
  kind!: GridKind;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'GeoJSON Polygon or MultiPolygon.' })
  boundary?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'Party branch built on the grid.' })
  @IsOptional()
  @Length(1, 100)
  partyBranch?: string | null;
}

@InputType({ description: 'One of the finer grids a grid is split into.' })
export class GridPartInput {
  @Field({ description: 'Name of the part.' })
  @Length(1, 100)
  name!: string;

  @Field({ description: 'Administrative code, unique in the district.' })
  @Matches(CODE, { message: 'must be 2–40 letters, digits, "-" or "_"' })
  code!: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'GeoJSON Polygon or MultiPolygon of the part.' })
  boundary?: Record<string, unknown> | null;
}

@InputType({ description: 'Changes to a grid: name, boundary, party branch.' })
export class UpdateGridInput {
  @Field(() => ID, { description: 'Global id of the grid.' })
  id!: string;

  @Field(() => Int, { description: 'The version the change was made against; another answers CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @IsOptional()
  @Length(1, 100)
  name?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'New GeoJSON Polygon or MultiPolygon.' })
  boundary?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'New party branch.' })
  @IsOptional()
  @Length(1, 100)
  partyBranch?: string | null;
}

@InputType({ description: 'A split of a large level-3 grid (or finer) into grids one level below.' })
export class SplitGridInput {
  @Field(() => ID, { description: 'Global id of the grid to split.' })
  id!: string;

  @Field(() => [GridPartInput], { description: 'The parts, two to twenty.' })
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  parts!: GridPartInput[];
}

@InputType({ description: 'A point on the map.' })
export class PointInput {
  @Field(() => Float, { description: 'Longitude, degrees east.' })
  @Min(-180)
  @Max(180)
  lng!: number;

  @Field(() => Float, { description: 'Latitude, degrees north.' })
  @Min(-90)
  @Max(90)
  lat!: number;
}
