import { Field, ID, InputType, Int } from 'type-graphql';
import { IsBoolean, IsOptional, Length, Matches, Min } from 'class-validator';
import { TrimmedLength } from '../case/case-command.inputs';
import { Gender, ResidenceType } from './resident.entity';

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
const CLIENT_KEY = /^[A-Za-z0-9._:-]{1,48}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType({ description: 'A person to register in a grid (信息采集).' })
export class RegisterResidentInput {
  @Field(() => ID, { description: 'The grid the person lives in (level 3 or below).' })
  grid!: string;

  @Field({ description: 'Full name, up to 50 characters.' })
  @TrimmedLength(1, 50)
  name!: string;

  @Field(() => Gender, { description: 'Gender; must match the ID-card number.' })
  gender!: Gender;

  @Field({ description: 'Birth date (YYYY-MM-DD); must match the ID-card number.' })
  @Matches(DATE, { message: 'birthDate must be a date as YYYY-MM-DD' })
  birthDate!: string;

  @Field({ description: 'The 18-character ID-card number, with a valid GB 11643 check character.' })
  @Length(18, 18)
  idNumber!: string;

  @Field(() => String, { nullable: true, description: 'Mobile or landline number.' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a mobile or landline number' })
  phone?: string | null;

  @Field({ description: 'Residential address, up to 200 characters.' })
  @TrimmedLength(1, 200)
  address!: string;

  @Field(() => ResidenceType, { description: 'Registration status of the residence.' })
  residenceType!: ResidenceType;

  @Field(() => String, { nullable: true, description: 'Generated once per registration; a retry returns the first.' })
  @IsOptional()
  @Matches(CLIENT_KEY, { message: 'clientKey must be 1–48 letters, digits or . _ : -' })
  clientKey?: string | null;
}

@InputType({ description: 'Changes to a resident’s record; only the fields given change.' })
export class UpdateResidentInput {
  @Field(() => ID, { description: 'The resident.' })
  id!: string;

  @Field(() => Int, { description: 'The version the change was made on; another one answers CONFLICT.' })
  @Min(1)
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'Full name.' })
  @IsOptional()
  @TrimmedLength(1, 50)
  name?: string | null;

  @Field(() => Gender, { nullable: true, description: 'Gender.' })
  @IsOptional()
  gender?: Gender | null;

  @Field(() => String, { nullable: true, description: 'Birth date (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(DATE, { message: 'birthDate must be a date as YYYY-MM-DD' })
  birthDate?: string | null;

  @Field(() => String, { nullable: true, description: 'ID-card number (18 characters, GB 11643).' })
  @IsOptional()
  @Length(18, 18)
  idNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'Mobile or landline number.' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a mobile or landline number' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Residential address.' })
  @IsOptional()
  @TrimmedLength(1, 200)
  address?: string | null;

  @Field(() => ResidenceType, { nullable: true, description: 'Registration status of the residence.' })
  @IsOptional()
  residenceType?: ResidenceType | null;

  @Field(() => String, { nullable: true, description: 'Generated once per change; a retry returns the first result.' })
  @IsOptional()
  @Matches(CLIENT_KEY, { message: 'clientKey must be 1–48 letters, digits or . _ : -' })
  clientKey?: string | null;
}

@InputType({ description: 'A move to another grid, or out of the district.' })
export class MoveResidentInput {
  @Field(() => ID, { description: 'The resident.' })
  id!: string;

  @Field(() => Int, { description: 'The version the move was decided on; another one answers CONFLICT.' })
  @Min(1)
  expectedVersion!: number;

  @Field(() => ID, { nullable: true, description: 'The grid moved to; leave out when moving out of the district.' })
  @IsOptional()
  toGrid?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True when the person moved out of the district.' })
  @IsOptional()
  @IsBoolean()
  outOfDistrict?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Generated once per move; a retry returns the first result.' })
  @IsOptional()
  @Matches(CLIENT_KEY, { message: 'clientKey must be 1–48 letters, digits or . _ : -' })
  clientKey?: string | null;
}

/** The resident fields a change names, in the order the history lists them. */
export const RESIDENT_FIELDS = [
  'name',
  'gender',
  'birthDate',
  'idNumber',
  'phone',
  'address',
  'residenceType',
] as const;
export type ResidentField = (typeof RESIDENT_FIELDS)[number];
