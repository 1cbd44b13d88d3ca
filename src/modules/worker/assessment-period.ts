import { badInput } from '../../common/errors';

/** An assessment period: a quarter ("2026-Q3") or a month ("2026-11"), as a half-open range of days. */
export interface Period {
  name: string;
  from: string;
  until: string;
  months: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const firstOfMonth = (year: number, month: number) =>
  month > 12 ? `${year + 1}-${pad(month - 12)}-01` : `${year}-${pad(month)}-01`;

export function parsePeriod(name: string, argumentName: string): Period {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(name);
  if (quarter) {
    const [year, q] = [Number(quarter[1]), Number(quarter[2])];
    return { name, from: firstOfMonth(year, q * 3 - 2), until: firstOfMonth(year, q * 3 + 1), months: 3 };
  }
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(name);
  if (month) {
    const [year, m] = [Number(month[1]), Number(month[2])];
    return { name, from: firstOfMonth(year, m), until: firstOfMonth(year, m + 1), months: 1 };
  }
  throw badInput(argumentName, 'must be a quarter such as "2026-Q3" or a month such as "2026-11"');
}
