import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { NodeResolver } from './node.resolver';
import { entities } from './entities';
import { describeRoots } from './root-descriptions';
import { fieldGuard } from '../policy/field-guard';
import { argumentGuard } from './argument-guard';
import { assertEveryFieldTiered, describeTiers, useSchemaTiers } from '../policy/schema-tiers';
import { AccessLogResolver } from '../modules/access-log/access-log.resolver';
import { accessLogReviewResolvers } from '../modules/access-log/access-log-review.resolver';
import { CaseResolver } from '../modules/case/case.resolver';
import { CaseCommandResolver } from '../modules/case/case-command.resolver';
import { CaseStatisticsResolver } from '../modules/case/case-statistics.resolver';
import { DelegationResolver, EmergencyAccessResolver } from '../modules/delegation/delegation.resolver';
import { GridResolver } from '../modules/grid/grid.resolver';
import { ResidentCategoryResolver, ResidentResolver } from '../modules/resident/resident.resolver';
import { UserResolver } from '../modules/user/user.resolver';
import { MembershipResidentResolver, MembershipResolver } from '../modules/resident/membership.resolver';
import { ResidentRegistryResolver } from '../modules/resident/resident-registry.resolver';
import { HouseholdCommandResolver, HouseholdMembersResolver } from '../modules/resident/household.resolver';
import { MyDataResolver } from '../modules/resident/my-data.resolver';
import { VisitRecordResolver } from '../modules/visit/visit-record.resolver';
import { ChangeEntryResolver, ChangesResolver, ResidentHistoryResolver } from '../modules/history/history.resolver';
import {
  MentorshipResolver,
  ResidentVisitsResolver,
  VisitResolver,
  WorkerRecordsResolver,
} from '../modules/worker/worker-records.resolver';
import { GridAssignmentResolver, WorkerResolver } from '../modules/worker/worker.resolver';

export const resolvers = [
  NodeResolver,
  UserResolver,
  GridResolver,
  ResidentResolver,
  ResidentCategoryResolver,
  WorkerResolver,
  GridAssignmentResolver,
  ResidentVisitsResolver,
  VisitResolver,
  WorkerRecordsResolver,
  MentorshipResolver,
  CaseResolver,
  CaseCommandResolver,
  CaseStatisticsResolver,
  DelegationResolver,
  EmergencyAccessResolver,
  AccessLogResolver,
  ...accessLogReviewResolvers,
  ChangeEntryResolver,
  ResidentHistoryResolver,
  ChangesResolver,
  ResidentRegistryResolver,
  MembershipResolver,
  MembershipResidentResolver,
  VisitRecordResolver,
  HouseholdMembersResolver,
  HouseholdCommandResolver,
  MyDataResolver,
] as const;

/**
 * The one schema of the API, built from the resolvers; every field passes the policy's field guard. A field
 * without a declared tier stops the build: what is not classified is not served.
 */
export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    orphanedTypes: entities,
    globalMiddlewares: [argumentGuard, fieldGuard],
    validate: { forbidUnknownValues: false },
  });
  describeRoots(schema);
  assertEveryFieldTiered(schema);
  describeTiers(schema);
  useSchemaTiers(schema);
  return schema;
}
