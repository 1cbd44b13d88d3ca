import { registerEnumType } from 'type-graphql';

export enum CaseStatus {
  REPORTED = 'REPORTED',
  ACCEPTED = 'ACCEPTED',
  IN_PROGRESS = 'IN_PROGRESS',
  ESCALATED = 'ESCALATED',
  DISPATCHED = 'DISPATCHED',
  RETURNED = 'RETURNED',
  RESOLVED = 'RESOLVED',
  REOPENED = 'REOPENED',
  CLOSED = 'CLOSED',
  REJECTED = 'REJECTED',
}
registerEnumType(CaseStatus, { name: 'CaseStatus' });

export enum CaseSource {
  WORKER_PATROL = 'WORKER_PATROL',
  RESIDENT_SELF_SERVICE = 'RESIDENT_SELF_SERVICE',
  HOTLINE_12345 = 'HOTLINE_12345',
  WALK_IN = 'WALK_IN',
  BUILDING_LEADER = 'BUILDING_LEADER',
  PROPERTY_COMPANY = 'PROPERTY_COMPANY',
}
registerEnumType(CaseSource, { name: 'CaseSource' });
