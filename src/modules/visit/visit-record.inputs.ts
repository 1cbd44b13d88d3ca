import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length, Matches } from 'class-validator';
import { TrimmedLength } from '../case/case-command.inputs';

@InputType({ description: 'A visit (走访) made to a resident.' })
export class RecordVisitInput {
  @Field(() => ID, { description: 'The resident visited.' })
  resident!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Code of the special category the visit was due for; the membership’s last visit moves to it.',
  })
  @IsOptional()
  @Length(1, 40)
  category?: string | null;

  @Field({ description: 'When the visit took place; not in the future, not more than a year ago.' })
  visitedAt!: Date;

  @Field({ description: 'Notes of the visit, up to 500 characters.' })
  @TrimmedLength(1, 500)
  notes!: string;

  @Field(() => [ID], {
    nullable: true,
    description: 'Photos taken on the visit: ids of the caller’s own uploads (POST /attachments), not yet attached.',
  })
  @IsOptional()
  attachmentIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Generated once per visit; a retry returns the first record.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,48}$/, { message: 'clientKey must be 1–48 letters, digits or . _ : -' })
  clientKey?: string | null;
}
