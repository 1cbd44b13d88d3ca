import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { AccessAction, AccessOutcome } from '../../audit/access-log.enums';
import { Node } from '../../common/global-id';
import { Role } from '../../policy/roles';
import { FieldTier, Tier } from '../../common/tiers';

/**
 * One sensitive read, shaped after FHIR AuditEvent (contract §8). Entries name fields, never values, and are
 * chained by hash so that a changed, removed or inserted entry is detected. The table, its monthly
 * partitions, indexes and guarantees are written by hand in the migrations; here it is only read.
 */
@Entity()
@ObjectType({
  description: 'One entry of the access log (访问日志 AccessLog): a sensitive read, a refused attempt or an export.',
  implements: Node,
})
export class AccessLog extends Node {
  @PrimaryKey({ type: 'bigint' })
  readonly id!: string;

  @Field({ description: 'When the access happened.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Field({ description: 'Id of the API request the access belongs to.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'uuid' })
  requestId!: string;

  @Field(() => String, { description: 'Name of the GraphQL operation, when the client gave one.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'string', length: 100, nullable: true })
  operationName?: string | null;

  @Property({ type: 'integer', nullable: true })
  actorUserId?: number | null;

  @Field(() => Role, { description: 'The post of the reader.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => Role, nativeEnumName: 'role', nullable: true })
  actorRole?: Role | null;

  @Property({ type: 'integer', nullable: true })
  actorDepartmentId?: number | null;

  @Field(() => String, { description: 'Network address the request came from.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'string', length: 64, nullable: true })
  clientAddress?: string | null;

  @Field(() => AccessAction, { description: 'What the access did: read, search or export.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => AccessAction })
  action!: AccessAction;

  @Field({ description: 'Type of the object read, e.g. Resident.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 40 })
  entityType!: string;

  @Property({ type: 'integer', nullable: true })
  entityId?: number | null;

  /** The subjects of an entry covering several records read alike (entityId is then null). */
  @Property({ type: 'int[]', nullable: true })
  subjectIds?: number[] | null;

  @Field(() => [String], { description: 'Names of the fields read or refused; never their values.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'text[]' })
  fields!: string[];

  @Field(() => AccessOutcome, {
    description: 'Whether the fields were given in clear, masked or refused.',
    nullable: true,
  })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => AccessOutcome })
  outcome!: AccessOutcome;

  @Field(() => String, {
    description: 'The purpose stated in X-Access-Purpose, for partner departments.',
    nullable: true,
  })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 40, nullable: true })
  purpose?: string | null;

  @Field({ description: 'ROLE_SCOPE, SELF, DELEGATION:<id> or EMERGENCY:<id>.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 40 })
  basis!: string;

  @Field(() => String, { nullable: true, description: 'The policy rule that decided the outcome.' })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'string', length: 80, nullable: true })
  rule?: string | null;

  @Property({ type: 'string', length: 64 })
  prevHash!: string;

  @Property({ type: 'string', length: 64 })
  hash!: string;
}
