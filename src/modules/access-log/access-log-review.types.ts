import { FieldTier, TypeTier } from '../../common/tiers';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../common/relay';
import { Role } from '../../policy/roles';
import { AccessAction, AccessOutcome } from '../../audit/access-log.enums';

export enum AccessLogGrouping {
  ACTOR = 'ACTOR',
  DAY = 'DAY',
  ROLE = 'ROLE',
  DEPARTMENT = 'DEPARTMENT',
}
registerEnumType(AccessLogGrouping, {
  name: 'AccessLogGrouping',
  description: 'What access-log statistics are counted per.',
  valuesConfig: {
    ACTOR: { description: 'Per user who read.' },
    DAY: { description: 'Per calendar day in the review time zone.' },
    ROLE: { description: 'Per post of the reader.' },
    DEPARTMENT: { description: 'Per department of the reader.' },
  },
});

@TypeTier(FieldTier.PUBLIC)
@ObjectType({
  description: 'Counts of the access-log entries of one group (an actor, a day, a role or a department) in a period.',
})
export class AccessLogStatistic {
  @Field({
    description:
      'The group: a user or department id, a day (YYYY-MM-DD in the review time zone) or a role; "none" when the entries have none.',
  })
  key!: string;

  @Field(() => String, { nullable: true, description: 'The day, when grouped by DAY.' })
  day!: string | null;

  @Field(() => Role, { nullable: true, description: 'The role, when grouped by ROLE.' })
  role!: Role | null;

  actorUserId!: number | null;
  departmentId!: number | null;

  @Field(() => Int, { description: 'Number of access-log entries in the group.' })
  entries!: number;

  @Field(() => Int, { description: 'Distinct objects (residents, cases, …) the entries are about.' })
  subjects!: number;

  @Field(() => Int, { description: 'Entries whose fields were given in clear.' })
  full!: number;

  @Field(() => Int, { description: 'Entries whose fields were given masked.' })
  masked!: number;

  @Field(() => Int, { description: 'Entries that were refused (DENIED).' })
  denied!: number;
}

export enum AnomalyKind {
  BULK_READ = 'BULK_READ',
  OFF_HOURS = 'OFF_HOURS',
  DENIED_BURST = 'DENIED_BURST',
  UNREVIEWED_EMERGENCY = 'UNREVIEWED_EMERGENCY',
}
registerEnumType(AnomalyKind, {
  name: 'AnomalyKind',
  description: 'A kind of pattern in the access log that a privacy officer should look at.',
  valuesConfig: {
    BULK_READ: { description: 'More distinct subjects read within a short window than the configured limit.' },
    OFF_HOURS: { description: 'Reads outside working hours, one flag per actor and day.' },
    DENIED_BURST: { description: 'Many refused attempts by one actor within a short window.' },
    UNREVIEWED_EMERGENCY: { description: 'An emergency access that has ended and has no review yet.' },
  },
});

@TypeTier(FieldTier.PUBLIC)
@ObjectType({ description: 'A pattern in the access log a privacy officer should look at.' })
export class AccessAnomaly {
  @Field(() => AnomalyKind, { description: 'Which pattern was found.' })
  kind!: AnomalyKind;

  actorUserId!: number | null;
  emergencyAccessId!: number | null;

  @Field({ description: 'The first entry of the pattern (for an emergency access: when it opened).' })
  windowStart!: Date;

  @Field({ description: 'The last entry of the pattern (for an emergency access: when it ended).' })
  windowEnd!: Date;

  @Field(() => Int, {
    description:
      'BULK_READ: most distinct subjects in one window; DENIED_BURST: most refusals in one window; OFF_HOURS: reads; UNREVIEWED_EMERGENCY: entries logged under it.',
  })
  count!: number;
}

@TypeTier(FieldTier.PUBLIC)
@ObjectType({
  description: "One read of a resident's own record, as the resident is shown it: which post, never which person.",
})
export class RecordRead {
  departmentId!: number | null;

  @Field({ description: 'When the record was read.' })
  occurredAt!: Date;

  @Field(() => Role, { nullable: true, description: 'The post of the reader.' })
  role!: Role | null;

  @Field(() => AccessAction, { description: 'Whether the record was read alone, found in a search or exported.' })
  action!: AccessAction;

  @Field(() => AccessOutcome, { description: 'Whether the reader got the fields in clear, masked or was refused.' })
  outcome!: AccessOutcome;

  @Field(() => String, { nullable: true, description: 'The stated purpose, for partner departments.' })
  purpose!: string | null;

  @Field(() => [String], { description: 'The fields of the record that were read (or refused).' })
  fields!: string[];
}

export const RecordReadConnection = ConnectionType(RecordRead);
