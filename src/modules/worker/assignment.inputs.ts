import { IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { IsCalendarDate } from '../../common/dates';
import { AssignmentRole } from './grid-assignment.entity';

@InputType({ description: "A worker's new responsibility for a grid; scope follows from the next request." })
export class AssignWorkerInput {
  @Field(() => ID, { description: 'Global id of the worker.' })
  worker!: string;

  @Field(() => ID, { description: 'Global id of the grid (level 3 or finer for a grid worker).' })
  grid!: string;

  @Field(() => AssignmentRole, { defaultValue: AssignmentRole.GRID_WORKER, description: 'Role in the grid.' })
  role: AssignmentRole = AssignmentRole.GRID_WORKER;

  @Field(() => String, { nullable: true, description: 'First day; defaults to today.' })
  @IsOptional()
  @IsCalendarDate()
  validFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Last day; none: open-ended.' })
  @IsOptional()
  @IsCalendarDate()
  validUntil?: string | null;
}
