import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { logOutage, outageOf, reasonOf } from '../db/outage';
import { errorFields, failureLog } from '../common/logger';

const KNOWN_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'PURPOSE_REQUIRED',
  'CONFLICT',
  'RATE_LIMITED',
  'AUDIT_UNAVAILABLE',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Errors leave the server with a code of the contract: argument validation becomes BAD_USER_INPUT naming
 * the argument, a database outage or timeout becomes SERVICE_UNAVAILABLE with retryAfter (seconds), anything
 * unexpected becomes a bare INTERNAL_SERVER_ERROR (details only in development).
 */
export function formatError(development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ArgumentValidationError) {
      const problems = flatten(original.extensions.validationErrors);
      return {
        message: `Invalid input: ${problems.map((p) => `${p.argumentName} ${p.messages.join(', ')}`).join('; ')}`,
        path: formatted.path,
        extensions: { code: 'BAD_USER_INPUT', argumentName: problems[0]?.argumentName, problems },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && KNOWN_CODES.has(code)) return withoutStack(formatted, development);
    const outage = outageOf(original);
    if (outage) {
      logOutage(`database outage (${outage.kind})`, reasonOf(original));
      return {
        message: 'The service cannot reach its database in time; retry later',
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter: outage.retryAfter },
      };
    }
    if (!development) failureLog.error({ ...errorFields(original), path: formatted.path }, 'internal error');
    return {
      message: development ? formatted.message : 'Internal server error',
      path: formatted.path,
      extensions: {
        code: 'INTERNAL_SERVER_ERROR',
        ...(development ? { stacktrace: formatted.extensions?.stacktrace } : {}),
      },
    };
  };
}

function withoutStack(formatted: GraphQLFormattedError, development: boolean): GraphQLFormattedError {
  if (development || !formatted.extensions?.stacktrace) return formatted;
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}

/** Nested input objects report their fields as children; flatten them to dotted argument names. */
function flatten(errors: ValidationError[], prefix = ''): { argumentName: string; messages: string[] }[] {
  return errors.flatMap((error) => {
    const name = `${prefix}${error.property}`;
    const own = error.constraints ? [{ argumentName: name, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], `${name}.`)];
  });
}
