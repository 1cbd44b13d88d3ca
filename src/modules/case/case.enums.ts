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
registerEnumType(CaseStatus, {
  name: 'CaseStatus',
  description: 'A state of the case workflow.',
  valuesConfig: {
    REPORTED: { description: 'Reported, not yet taken on.' },
    ACCEPTED: { description: 'Taken on (受理) by the level that holds it.' },
    IN_PROGRESS: { description: 'Being handled by the holding level.' },
    ESCALATED: { description: 'Passed one level up; from level 1 to the command centre.' },
    DISPATCHED: { description: 'Sent by the command centre to a department, with a deadline.' },
    RETURNED: { description: 'Refused by the department, with a reason.' },
    RESOLVED: { description: 'Handled; waits for on-site verification.' },
    REOPENED: { description: 'Verification failed; back to work.' },
    CLOSED: { description: "Verified on site, with the resident's satisfaction." },
    REJECTED: { description: 'Invalid or duplicate.' },
  },
});

export enum CaseSource {
  WORKER_PATROL = 'WORKER_PATROL',
  RESIDENT_SELF_SERVICE = 'RESIDENT_SELF_SERVICE',
  HOTLINE_12345 = 'HOTLINE_12345',
  WALK_IN = 'WALK_IN',
  BUILDING_LEADER = 'BUILDING_LEADER',
  PROPERTY_COMPANY = 'PROPERTY_COMPANY',
}
registerEnumType(CaseSource, {
  name: 'CaseSource',
  description: 'Where a case came from.',
  valuesConfig: {
    WORKER_PATROL: { description: "A grid worker's patrol." },
    RESIDENT_SELF_SERVICE: { description: "The residents' self-service page." },
    HOTLINE_12345: { description: 'The 12345 hotline, taken by the command centre.' },
    WALK_IN: { description: 'A walk-in at a service point.' },
    BUILDING_LEADER: { description: 'A building leader (楼栋长).' },
    PROPERTY_COMPANY: { description: 'A property management company.' },
  },
});
