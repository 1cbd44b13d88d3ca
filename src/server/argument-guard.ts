import type { MiddlewareFn } from 'type-graphql';
import { badInput } from '../common/errors';
import { DATE_RANGE_MESSAGE, isStorableDate } from '../common/dates';

/**
 * Runs on every field before its resolver (and before type-graphql validates its inputs), over the
 * arguments as coerced from the document and the variables, nested inputs included: a NUL character,
 * which PostgreSQL refuses in text and jsonb, and a date the database cannot store are refused as
 * BAD_USER_INPUT naming the argument, so no such value reaches a statement.
 */
export const argumentGuard: MiddlewareFn = ({ args }, next) => {
  for (const name in args) check(args[name], name);
  return next();
};

function check(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw badInput(path, 'must not contain a NUL character (\\u0000)');
  } else if (value instanceof Date) {
    if (!isStorableDate(value)) throw badInput(path, DATE_RANGE_MESSAGE);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => check(item, `${path}.${index}`));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) check(item, `${path}.${key}`);
  }
}
