import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';

@InputType({ description: 'Narrows a list of workers; all given conditions must hold.' })
export class WorkerFilter {
  @Field(() => ID, {
    nullable: true,
    description: "Workers belonging to this grid's community or the communities below it.",
  })
  grid?: string | null;

  @Field(() => String, { description: 'Workers whose name contains this text.', nullable: true })
  @IsOptional()
  @Length(1, 50)
  nameContains?: string | null;
}
