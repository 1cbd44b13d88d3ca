import {
  Collection,
  Entity,
  Enum,
  Index,
  ManyToMany,
  ManyToOne,
  OneToMany,
  PrimaryKey,
  Property,
} from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { FieldTier, Tier } from '../../common/tiers';
import { Department } from '../department/department.entity';
import { Grid } from '../grid/grid.entity';
import { Resident } from '../resident/resident.entity';
import { User } from '../user/user.entity';
import { Worker } from '../worker/worker.entity';
import { CaseCategory } from './case-category.entity';
import { CaseSource, CaseStatus } from './case.enums';

/** A problem found or reported in a grid (事件), moved through its states by the case workflow. */
@Entity({ tableName: 'cases' })
@ObjectType({
  description: 'A case (事件): a problem found or reported in a grid, moved through its workflow by commands.',
  implements: Node,
})
@Index({ properties: ['status', 'resolveDueAt'] })
@Index({ properties: ['grid', 'id'] })
// Open cases newest first, with what the overdue test reads (see case-sla.ts).
@Index({
  name: 'cases_open_reported_index',
  expression: `create index "cases_open_reported_index" on "cases" ("reported_at" desc, "id" desc) include ("status", "resolve_due_at", "dispatch_due_at") where "status" in ('REPORTED', 'ACCEPTED', 'IN_PROGRESS', 'ESCALATED', 'DISPATCHED', 'RETURNED', 'REOPENED')`,
})
export class Case extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @Field({ description: 'Short title of the problem.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 100 })
  title!: string;

  @Field({ nullable: true, description: 'What the problem is, as reported and as found.' })
  @Tier(FieldTier.PERSONAL, {
    elevation: {
      tier: FieldTier.SENSITIVE,
      when: (kase: Case) => kase.sensitive,
      reason: 'for disputes and petitions',
    },
  })
  @Property({ type: 'text' })
  description!: string;

  /** Copied from the category when reported: disputes and petitions make the description sensitive (T3). */
  @Property({ type: 'boolean', default: false })
  sensitive: boolean = false;

  @Field(() => CaseStatus, { description: 'Current state in the case workflow.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => CaseStatus, nativeEnumName: 'case_status' })
  status: CaseStatus = CaseStatus.REPORTED;

  @Field(() => CaseSource, { description: 'Where the case came from.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => CaseSource, nativeEnumName: 'case_source' })
  source!: CaseSource;

  @ManyToOne(() => CaseCategory, { deleteRule: 'restrict', index: true })
  category!: CaseCategory;

  @ManyToOne(() => Grid, { deleteRule: 'restrict' })
  grid!: Grid;

  @Index({
    name: 'cases_grid_path_idx',
    expression: 'create index "cases_grid_path_idx" on "cases" ("grid_path" text_pattern_ops, "id")',
  })
  @Property({ type: 'string', length: 200 })
  gridPath!: string;

  /** The grid level that holds the case now: 3..1 in the grid tree, 0 at the command centre. */
  @Field(() => Int, { description: 'Grid level that holds the case now; 0 for the command centre.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'smallint' })
  holdingLevel!: number;

  @ManyToOne(() => Department, { nullable: true, deleteRule: 'restrict', index: true })
  department?: Department | null;

  @ManyToOne(() => Worker, { nullable: true, deleteRule: 'set null', index: true })
  handler?: Worker | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null', index: true })
  reporter?: User | null;

  @Field(() => String, { description: 'Name of the person who reported the case.', nullable: true })
  @Tier(FieldTier.PERSONAL, { mask: 'name' })
  @Property({ type: 'string', length: 50, nullable: true })
  reporterName?: string | null;

  @Field(() => String, { description: 'Phone number of the person who reported the case.', nullable: true })
  @Tier(FieldTier.PERSONAL, { mask: 'phone' })
  @Property({ type: 'string', length: 20, nullable: true })
  reporterPhone?: string | null;

  @Field(() => Number, { description: 'Longitude of the place of the problem.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'double', nullable: true })
  longitude?: number | null;

  @Field(() => Number, { description: 'Latitude of the place of the problem.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  @ManyToMany({
    entity: () => Resident,
    pivotTable: 'case_involved_resident',
    joinColumn: 'case_id',
    inverseJoinColumn: 'resident_id',
  })
  involvedResidents = new Collection<Resident>(this);

  /** The timeline's steps, for row rules about who moved the case (a department that returned it). */
  @OneToMany('CaseEvent', 'case')
  events = new Collection<object>(this);

  @Field({ description: 'When the case was reported.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime' })
  reportedAt: Date = new Date();

  @Field(() => Date, { description: 'When the case was accepted (受理); null before.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime', nullable: true })
  acceptedAt?: Date | null;

  @Field(() => Date, { description: 'When the case was last resolved; null before.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime', nullable: true })
  resolvedAt?: Date | null;

  @Field(() => Date, { description: 'When the case was closed after verification; null before.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null;

  @Field({ description: "Deadline for accepting the case, from its category's SLA.", nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime' })
  acceptDueAt!: Date;

  @Field({ description: "Deadline for resolving the case, from its category's SLA.", nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime' })
  resolveDueAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Deadline given to the department on dispatch.' })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime', nullable: true })
  dispatchDueAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Resident satisfaction 1–5 recorded at verification.' })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'smallint', nullable: true })
  satisfaction?: number | null;

  @ManyToOne(() => Case, { nullable: true, deleteRule: 'set null' })
  duplicateOf?: Case | null;

  /** Client-generated key so a retried report from the mobile app returns the same case. */
  @Property({ type: 'string', length: 64, nullable: true, unique: true })
  idempotencyKey?: string | null;

  @Field(() => Int, {
    description: 'Rises with every change; send it back as expectedVersion to move the case as you saw it.',
  })
  @Tier(FieldTier.PUBLIC)
  @Property({ type: 'integer', version: true })
  version!: number;
}
