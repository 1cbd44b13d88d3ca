import { AccessLog } from '../modules/access-log/access-log.entity';
import { Attachment } from '../modules/attachment/attachment.entity';
import { CaseAttachment } from '../modules/attachment/case-attachment.entity';
import { VisitAttachment } from '../modules/attachment/visit-attachment.entity';
import { Notification } from '../modules/notification/notification.entity';
import { LegalHold } from '../modules/access-log/legal-hold.entity';
import { CaseCategory } from '../modules/case/case-category.entity';
import { CaseEvent } from '../modules/case/case-event.entity';
import { Case } from '../modules/case/case.entity';
import { Delegation } from '../modules/delegation/delegation.entity';
import { EmergencyAccess } from '../modules/delegation/emergency-access.entity';
import { Department } from '../modules/department/department.entity';
import { Grid } from '../modules/grid/grid.entity';
import { Household } from '../modules/resident/household.entity';
import { ResidentCategory } from '../modules/resident/resident-category.entity';
import { Resident } from '../modules/resident/resident.entity';
import { SpecialCategory } from '../modules/resident/special-category.entity';
import { ChangeEntry } from '../modules/history/change-entry.entity';
import { ChangeRequest } from '../modules/resident/change-request.entity';
import { User } from '../modules/user/user.entity';
import { Assessment } from '../modules/worker/assessment.entity';
import { AssessmentWeights } from '../modules/worker/assessment-weights.entity';
import { RedBlackEntry, RedBlackList } from '../modules/worker/red-black-list.entity';
import { GridAssignment } from '../modules/worker/grid-assignment.entity';
import { Mentorship } from '../modules/worker/mentorship.entity';
import { PatrolTrack } from '../modules/worker/patrol-track.entity';
import { TrainingRecord } from '../modules/worker/training-record.entity';
import { Visit } from '../modules/worker/visit.entity';
import { Worker } from '../modules/worker/worker.entity';

/** The whole domain model, registered with the ORM as one list. */
export const entities = [
  Grid,
  Department,
  SpecialCategory,
  Household,
  Resident,
  ResidentCategory,
  Worker,
  GridAssignment,
  TrainingRecord,
  Mentorship,
  Assessment,
  AssessmentWeights,
  RedBlackList,
  RedBlackEntry,
  Visit,
  PatrolTrack,
  User,
  CaseCategory,
  Case,
  Attachment,
  CaseAttachment,
  VisitAttachment,
  Notification,
  CaseEvent,
  Delegation,
  EmergencyAccess,
  AccessLog,
  LegalHold,
  ChangeEntry,
  ChangeRequest,
];
