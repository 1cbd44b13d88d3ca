import { IsOptional, Length, Matches } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { IsCalendarDate } from '../../common/dates';
import { Role } from '../../policy/roles';
import { Gender } from '../resident/resident.entity';
import { WorkerBackground } from '../worker/worker.entity';

@InputType({ description: 'A new grid worker record created with its login.' })
export class NewWorkerInput {
  @Field(() => Gender, { description: 'Gender.' })
  gender!: Gender;

  @Field({ description: 'Published work phone (挂牌亮身份).' })
  @Matches(/^[0-9+\- ]{7,20}$/, { message: 'must be a phone number' })
  workPhone!: string;

  @Field(() => WorkerBackground, { description: 'Where the worker comes from.' })
  background!: WorkerBackground;

  @Field(() => ID, { description: 'The level-2 grid (community or village) the worker belongs to.' })
  homeGrid!: string;

  @Field(() => String, { nullable: true, description: 'Day the worker started grid work; defaults to today.' })
  @IsOptional()
  @IsCalendarDate()
  startedOn?: string | null;
}

@InputType({ description: 'A new login holding one post (contract §13: users are created by the district admin).' })
export class CreateUserInput {
  @Field({ description: 'Login name: lower-case letters, digits, dot, dash or underscore.' })
  @Matches(/^[a-z0-9._-]{3,60}$/, { message: 'must be 3–60 lower-case letters, digits, ".", "-" or "_"' })
  username!: string;

  @Field({ description: 'Name shown in clients.' })
  @Length(1, 60)
  displayName!: string;

  @Field({ description: 'Initial password, at least 12 characters.' })
  @Length(12, 200)
  password!: string;

  @Field(() => Role, { description: 'The post the user holds.' })
  role!: Role;

  @Field(() => ID, { nullable: true, description: 'An existing worker record, for workers and leaders.' })
  worker?: string | null;

  @Field(() => NewWorkerInput, { nullable: true, description: 'A worker record to create, for workers and leaders.' })
  newWorker?: NewWorkerInput | null;

  @Field(() => ID, { nullable: true, description: 'The grid whose subtree a leader or street admin covers.' })
  scopeGrid?: string | null;

  @Field(() => ID, { nullable: true, description: 'The department of a department officer.' })
  department?: string | null;
}

@InputType({ description: "Changes to a user: name, password reset, post and the post's grid or department." })
export class UpdateUserInput {
  @Field(() => ID, { description: 'Global id of the user.' })
  id!: string;

  @Field(() => Int, { description: 'The version the change was made against; another answers CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'New display name.' })
  @IsOptional()
  @Length(1, 60)
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: 'A new password (a reset), at least 12 characters.' })
  @IsOptional()
  @Length(12, 200)
  password?: string | null;

  @Field(() => Role, { nullable: true, description: 'A new post.' })
  role?: Role | null;

  @Field(() => ID, { nullable: true, description: 'The grid a leader or street admin covers.' })
  scopeGrid?: string | null;

  @Field(() => ID, { nullable: true, description: 'The department of a department officer.' })
  department?: string | null;
}
