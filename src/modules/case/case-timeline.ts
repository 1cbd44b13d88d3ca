import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../policy/principal';
import { User } from '../user/user.entity';
import { CaseEvent } from './case-event.entity';
import type { Case } from './case.entity';
import type { CaseStatus } from './case.enums';

export interface Step {
  action: string;
  from: CaseStatus | null;
  to: CaseStatus;
  note: string | null;
  at: Date;
}

/** Persists one timeline entry in the caller's transaction, so it commits (or not) with the move itself. */
export function recordStep(em: EntityManager, kase: Case, principal: Principal, step: Step): CaseEvent {
  const event = new CaseEvent();
  Object.assign(event, {
    case: kase,
    action: step.action,
    fromStatus: step.from,
    toStatus: step.to,
    actor: em.getReference(User, principal.userId),
    actorRole: principal.role,
    note: step.note,
    at: step.at,
  });
  em.persist(event);
  return event;
}
