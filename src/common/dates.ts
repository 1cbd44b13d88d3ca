import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The dates the database stores and compares: years 1 to 9999. PostgreSQL refuses year 0 and to_char and
 * ISO output stop at four digits, so anything outside is bad input rather than a failed statement.
 */
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

export function isStorableDate(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= MIN_YEAR && year <= MAX_YEAR;
}

/** A real calendar day written YYYY-MM-DD: no 2026-02-30, no year 0000. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1) return false;
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  return day <= lastDay.getUTCDate();
}

export const DATE_RANGE_MESSAGE = `must be a real date between the years ${MIN_YEAR} and ${MAX_YEAR}`;

/** class-validator rule for a YYYY-MM-DD argument: a real day the database can store. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: () => `must be a date YYYY-MM-DD, ${DATE_RANGE_MESSAGE.replace('must be ', '')}`,
      },
    },
    options,
  );
}
