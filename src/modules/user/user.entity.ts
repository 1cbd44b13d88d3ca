import { FieldTier, TypeTier } from '../../common/tiers';
import { Entity, Enum, ManyToOne, OneToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { Role } from '../../policy/roles';
import { Department } from '../department/department.entity';
import { Grid } from '../grid/grid.entity';
import { Resident } from '../resident/resident.entity';
import { Worker } from '../worker/worker.entity';

/**
 * A login. Its role and links (worker, department, resident, scope grid) are all the policy module needs
 * to decide what the holder may see.
 */
@Entity({ tableName: 'app_user' })
@TypeTier(FieldTier.PUBLIC)
@ObjectType({ description: 'A user of the API, holding one post.', implements: Node })
export class User extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @Field({ description: 'Login name.' })
  @Property({ type: 'string', length: 60, unique: true })
  username!: string;

  @Property({ type: 'string', length: 200, hidden: true, lazy: true })
  passwordHash!: string;

  @Field({ description: 'Name shown in clients.' })
  @Property({ type: 'string', length: 60 })
  displayName!: string;

  @Field(() => Role, { description: 'The post the user holds.' })
  @Enum({ items: () => Role, nativeEnumName: 'role' })
  role!: Role;

  @ManyToOne(() => Worker, { nullable: true, deleteRule: 'set null' })
  worker?: Worker | null;

  @ManyToOne(() => Department, { nullable: true, deleteRule: 'set null' })
  department?: Department | null;

  @OneToOne(() => Resident, { nullable: true, owner: true, deleteRule: 'set null' })
  resident?: Resident | null;

  /** For leaders and street admins: the grid whose subtree is their scope. Workers' scope is their assignments. */
  @ManyToOne(() => Grid, { nullable: true, deleteRule: 'set null' })
  scopeGrid?: Grid | null;

  @Field({ description: 'False once disabled: the login and its tokens are refused.' })
  @Property({ type: 'boolean', default: true })
  active: boolean = true;

  @Field(() => Int, { description: 'Version for optimistic concurrency; each change adds one.' })
  @Property({ version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
