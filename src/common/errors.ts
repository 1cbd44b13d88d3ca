import { GraphQLError } from 'graphql';
import { parseGlobalId } from './row-id';

/** The error codes of the API contract (contract §12). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'PURPOSE_REQUIRED'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'AUDIT_UNAVAILABLE'
  | 'SERVICE_UNAVAILABLE';

export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badInput = (argumentName: string, message: string) =>
  apiError('BAD_USER_INPUT', `${argumentName}: ${message}`, { argumentName });

/** A refusal the access log records as DENIED: the entity and field asked for and the rule that refused. */
export interface DeniedAccess {
  entityType: string;
  entityId: number | null;
  field: string | null;
  rule: string;
}

const DENIED = Symbol('deniedAccess');

export function markDenied<E extends GraphQLError>(error: E, denied: DeniedAccess): E {
  Object.defineProperty(error, DENIED, { value: denied, enumerable: false });
  return error;
}

export function deniedOf(error: GraphQLError): DeniedAccess | undefined {
  const original = (error.originalError ?? error) as unknown as Record<symbol, DeniedAccess | undefined>;
  return original[DENIED];
}

/** Outside the caller's scope and non-existent answer alike; both are logged as a denied attempt. */
export const notFound = (typeName: string, id: string, rule = 'row-scope') =>
  markDenied(apiError('NOT_FOUND', `${typeName} ${id} not found`), {
    entityType: typeName,
    entityId: rowIdOf(id),
    field: null,
    rule,
  });

function rowIdOf(globalId: string): number | null {
  return parseGlobalId(globalId)?.id ?? null;
}

export const unauthenticated = (message = 'A valid bearer token is required') => apiError('UNAUTHENTICATED', message);

export const forbidden = (message: string, rule?: string) => apiError('FORBIDDEN', message, rule ? { rule } : {});

export const conflict = (message: string) => apiError('CONFLICT', message);

/**
 * Too many requests or attempts: `retryAfter` seconds in the error; Apollo answers HTTP 429 with Retry-After
 * from `http` (and removes it from the extensions).
 */
export const rateLimited = (message: string, retryAfter: number) =>
  apiError('RATE_LIMITED', message, {
    retryAfter,
    http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) },
  });
