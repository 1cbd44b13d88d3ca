import { GraphQLError } from 'graphql';

/** The error codes of the API contract (SPEC §12). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'PURPOSE_REQUIRED'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'AUDIT_UNAVAILABLE';

export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badInput = (argumentName: string, message: string) =>
  apiError('BAD_USER_INPUT', `${argumentName}: ${message}`, { argumentName });

export const notFound = (typeName: string, id: string, rule?: string) =>
  apiError('NOT_FOUND', `${typeName} ${id} not found`, rule ? { rule } : {});

export const unauthenticated = (message = 'A valid bearer token is required') => apiError('UNAUTHENTICATED', message);

export const forbidden = (message: string, rule?: string) => apiError('FORBIDDEN', message, rule ? { rule } : {});

export const conflict = (message: string) => apiError('CONFLICT', message);
