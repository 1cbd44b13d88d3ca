import type { GraphQLResponse } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccessRecorder } from './access-recorder';
import { deniedOf } from '../common/errors';
import { AccessAction } from '../audit/access-log.enums';
import { appendAccessEntries } from './access-log.writer';
import { logOutage, reasonOf } from '../db/outage';

/** What the audit layer needs of a request: its recorder, its EntityManager and who is asking. */
export interface AuditedRequest {
  requestId: string;
  em: EntityManager;
  audit: AccessRecorder;
  clientAddress: string | null;
  purpose: string | null;
  actor: { userId: number; role: string; departmentId: number | null } | null;
}

/** Notes the refusals among a request's errors (ids outside the scope, refused filters) as DENIED reads. */
export function recordDenials(context: AuditedRequest, errors: readonly GraphQLError[]): void {
  for (const error of errors) {
    const denied = deniedOf(error);
    if (!denied) continue;
    const action = error.path ? context.audit.actionOf(String(error.path[0])) : AccessAction.READ;
    context.audit.denied(action, denied.entityType, denied.entityId, denied.field, {
      basis: 'ROLE_SCOPE',
      rule: denied.rule,
    });
  }
}

/**
 * Writes the request's access-log entries once, just before the response leaves, and fails closed: if
 * they cannot be committed, the response carries no data, only AUDIT_UNAVAILABLE.
 */
export async function commitAccessLog(
  context: AuditedRequest,
  response: GraphQLResponse,
  operationName: string | null,
  waitMs: number,
): Promise<void> {
  if (context.audit.isEmpty || response.body.kind !== 'single') return;
  const principal = context.actor;
  try {
    await appendAccessEntries(
      context.em,
      {
        requestId: context.requestId,
        operationName,
        userId: principal?.userId ?? null,
        role: principal?.role ?? null,
        departmentId: principal?.departmentId ?? null,
        clientAddress: context.clientAddress,
        purpose: context.purpose,
      },
      context.audit.list(),
      waitMs,
    );
  } catch (error) {
    logOutage('access log unavailable', reasonOf(error));
    response.body.singleResult = {
      data: null,
      errors: [
        {
          message: 'The access log cannot record this read now; nothing was disclosed',
          extensions: { code: 'AUDIT_UNAVAILABLE' },
        },
      ],
    };
    response.http.status = 503;
  }
}
