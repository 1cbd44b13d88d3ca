import type { GraphQLResponse } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccessRecorder } from './access-recorder';
import { deniedOf, type DeniedAccess } from '../common/errors';
import { AccessAction } from './access-log.enums';
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

/** Codes that are refusals: each one leaving the server is a DENIED entry, whoever raised it. */
const REFUSALS = new Set(['FORBIDDEN', 'PURPOSE_REQUIRED']);

/**
 * Notes every refusal among a request's errors as a DENIED entry, in this one place: the ones the policy
 * marked (ids outside the scope, refused filters, refused commands) with what was refused, and any other
 * FORBIDDEN or PURPOSE_REQUIRED under the operation it answered, so no refusal goes unlogged.
 */
export function recordDenials(context: AuditedRequest, errors: readonly GraphQLError[]): void {
  for (const error of errors) {
    const denied = deniedOf(error) ?? unmarkedRefusal(error);
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

function unmarkedRefusal(error: GraphQLError): DeniedAccess | undefined {
  const code = error.extensions?.code;
  if (typeof code !== 'string' || !REFUSALS.has(code)) return undefined;
  const rule = typeof error.extensions.rule === 'string' ? error.extensions.rule : code;
  return { entityType: 'Operation', entityId: null, field: error.path ? String(error.path[0]) : null, rule };
}
