import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { NodeResolver } from './node.resolver';
import { entities } from './entities';
import { describeRoots } from './root-descriptions';
import { fieldGuard } from '../policy/field-guard';
import { argumentGuard } from './argument-guard';
import { serveDecidedObjects } from '../policy/compiled-read';
import { answerDecidedTreesWhole } from './whole-answers';
import { assertEveryFieldTiered, describeTiers, useSchemaTiers } from '../policy/schema-tiers';
import { AccessLogResolver } from '../modules/access-log/access-log.resolver';
import { accessLogReviewResolvers } from '../modules/access-log/access-log-review.resolver';
import { CaseResolver } from '../modules/case/case.resolver';
import { CaseCommandResolver } from '../modules/case/case-command.resolver';
import { CaseStatisticsResolver } from '../modules/case/case-statistics.resolver';
import { DelegationResolver, EmergencyAccessResolver } from '../modules/delegation/delegation.resolver';
import { GridResolver } from '../modules/grid/grid.resolver';
import { GridAdminResolver } from '../modules/grid/grid-admin.resolver';
import { LiveResolver } from '../modules/live/live.resolver';
import { CaseAttachmentsResolver } from '../modules/attachment/case-attachment.resolver';
import { VisitAttachmentsResolver } from '../modules/attachment/visit-attachment.resolver';
import { NotificationResolver } from '../modules/notification/notification.resolver';
import { ResidentCategoryResolver, ResidentResolver } from '../modules/resident/resident.resolver';
import { UserResolver } from '../modules/user/user.resolver';
import { UserAdminResolver } from '../modules/user/user-admin.resolver';
import { PatrolResolver } from '../modules/worker/patrol.resolver';
import { assessmentResolvers } from '../modules/worker/assessment.resolver';
import { TrainingResolver } from '../modules/worker/training.resolver';
import { catalogueResolvers } from '../modules/catalogue/catalogue.resolver';
import { MyDelegationsResolver } from '../modules/department/department.resolver';
import { MembershipResidentResolver, MembershipResolver } from '../modules/resident/membership.resolver';
import { ResidentRegistryResolver } from '../modules/resident/resident-registry.resolver';
import { ChangeRequestResolver } from '../modules/resident/change-request.resolver';
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
  UserAdminResolver,
  PatrolResolver,
  ...assessmentResolvers,
  TrainingResolver,
  ...catalogueResolvers,
  MyDelegationsResolver,
  GridResolver,
  GridAdminResolver,
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
  LiveResolver,
  CaseAttachmentsResolver,
  VisitAttachmentsResolver,
  NotificationResolver,
  ChangeEntryResolver,
  ResidentHistoryResolver,
  ChangesResolver,
  ResidentRegistryResolver,
  ChangeRequestResolver,
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
    // Every subscription names its own source on the shared event bus (src/modules/live); none uses this.
    pubSub: {
      publish: () => {
        throw new Error('events are published on the event bus');
      },
      subscribe: () => {
        throw new Error('subscriptions listen on the event bus');
      },
    },
  });
  describeRoots(schema);
  assertEveryFieldTiered(schema);
  describeTiers(schema);
  useSchemaTiers(schema);
  serveDecidedObjects(schema);
  answerDecidedTreesWhole(schema);
  return schema;
}
