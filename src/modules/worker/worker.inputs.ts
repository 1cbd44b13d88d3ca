import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';

@InputType()
export class WorkerFilter {
  @Field(() => ID, {
    nullable: true,
    description: "Workers belonging to this grid's community or the communities below it.",
  })
  grid?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 50)
  nameContains?: string | null;
}
