import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/global-id';
import { Role } from '../../policy/roles';
import { FieldTier, Tier } from '../../common/tiers';
import { User } from '../user/user.entity';
import { Case } from './case.entity';
import { CaseStatus } from './case.enums';

/** One step of a case's timeline: who moved it, from which state to which, and why. */
@Entity()
@ObjectType({ description: 'One entry of a case timeline: a transition, with actor, time and note.', implements: Node })
export class CaseEvent extends Node {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => Case, { deleteRule: 'cascade', index: true })
  case!: Case;

  @Field({ description: 'The command that was carried out, e.g. acceptCase.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'string', length: 30 })
  action!: string;

  @Field(() => CaseStatus, { description: 'State of the case before the command.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => CaseStatus, nativeEnumName: 'case_status', nullable: true })
  fromStatus?: CaseStatus | null;

  @Field(() => CaseStatus, { description: 'State of the case after the command.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => CaseStatus, nativeEnumName: 'case_status' })
  toStatus!: CaseStatus;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  actor?: User | null;

  @Field(() => Role, { description: 'The post of the person who carried out the command.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Enum({ items: () => Role, nativeEnumName: 'role', nullable: true })
  actorRole?: Role | null;

  @Field(() => String, { description: 'The note given with the command.', nullable: true })
  @Tier(FieldTier.PERSONAL)
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field({ description: 'When the command was carried out.', nullable: true })
  @Tier(FieldTier.INTERNAL)
  @Property({ type: 'datetime' })
  at: Date = new Date();
}
