import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Grid } from '../grid/grid.entity';
import { Household } from './household.entity';
import { ResidentCategory } from './resident-category.entity';

export enum Gender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}
registerEnumType(Gender, {
  name: 'Gender',
  description: 'Gender of a person.',
  valuesConfig: {
    MALE: { description: 'Male.' },
    FEMALE: { description: 'Female.' },
  },
});

export enum ResidenceType {
  REGISTERED = 'REGISTERED',
  NON_REGISTERED = 'NON_REGISTERED',
  FLOATING = 'FLOATING',
  OVERSEAS = 'OVERSEAS',
}
registerEnumType(ResidenceType, {
  name: 'ResidenceType',
  description: 'REGISTERED 户籍人口, NON_REGISTERED 人户分离, FLOATING 流动人口, OVERSEAS 境外人员',
  valuesConfig: {
    REGISTERED: { description: 'Registered resident (户籍人口) living at the registered address.' },
    NON_REGISTERED: { description: 'Registered elsewhere in the district than where the person lives (人户分离).' },
    FLOATING: { description: 'Floating population (流动人口), registered outside the district.' },
    OVERSEAS: { description: 'Person from abroad (境外人员).' },
  },
});

/** A person living in a grid. Each field notes its tier (contract §3); the policy module decides who sees it. */
@Entity()
@ObjectType({ description: 'A resident (居民): a person who lives in a grid.', implements: Node })
@Index({ properties: ['grid', 'name'] })
// The row policy's scope: a caller's grids by id, each one's residents in id order (the list's page).
@Index({ properties: ['grid', 'id'] })
export class Resident extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @Field({ description: 'Full name.', nullable: true })
  @Tier(FieldTier.PERSONAL, { mask: 'name' })
  @Property({ type: 'string', length: 50 })
  name!: string;

  @Field(() => Gender, { description: 'Gender.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => Gender, nativeEnumName: 'gender' })
  gender!: Gender;

  @Field(() => String, { description: 'Birth date, as an ISO date (YYYY-MM-DD).', nullable: true })
  @Tier(FieldTier.PERSONAL, { mask: 'birthDate' })
  @Property({ type: 'date' })
  birthDate!: string;

  @Field(() => String, { description: 'Phone number.', nullable: true })
  @Tier(FieldTier.PERSONAL, { mask: 'phone' })
  @Property({ type: 'string', length: 20, nullable: true })
  phone?: string | null;

  @Field({ description: 'Resident ID-card number (18 digits, or 15 for legacy cards).', nullable: true })
  @Tier(FieldTier.SENSITIVE, { mask: 'idNumber' })
  @Property({ type: 'string', length: 18, unique: true })
  idNumber!: string;

  @Field({ description: 'Residential address.', nullable: true })
  @Tier(FieldTier.PERSONAL, { mask: 'address' })
  @Property({ type: 'string', length: 200 })
  address!: string;

  @Field(() => ResidenceType, { description: 'Registration status of the residence.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => ResidenceType, nativeEnumName: 'residence_type' })
  residenceType!: ResidenceType;

  @ManyToOne(() => Grid, { deleteRule: 'restrict' })
  grid!: Grid;

  /** Copy of the grid's path: scope checks on 450k residents stay one indexed prefix match, no join. */
  @Index({
    name: 'resident_grid_path_idx',
    expression: 'create index "resident_grid_path_idx" on "resident" ("grid_path" text_pattern_ops, "id")',
  })
  @Property({ type: 'string', length: 200 })
  gridPath!: string;

  @ManyToOne(() => Household, { nullable: true, deleteRule: 'set null', index: true })
  household?: Household | null;

  /** Special-category memberships; each one's own tier follows its category's security label. */
  @OneToMany(() => ResidentCategory, (membership) => membership.resident)
  categories = new Collection<ResidentCategory>(this);

  /** Set when the person moved out of the district; the record stays for its history until anonymised. */
  @Field(() => Date, {
    description: 'When the resident moved out of the district; null while living here.',
    nullable: true,
  })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime', nullable: true })
  movedOutAt?: Date | null;

  /** Set once the record of a moved-out person was anonymised after the retention (contract §13). */
  @Property({ type: 'datetime', nullable: true })
  anonymisedAt?: Date | null;

  @Field(() => Int, {
    description: 'Rises with every change; send it back as expectedVersion to change the record as you saw it.',
  })
  @Tier(FieldTier.PUBLIC)
  @Property({ type: 'integer', version: true, default: 1 })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
