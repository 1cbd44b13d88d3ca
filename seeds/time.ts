/** Dates are computed in epoch milliseconds from the seed's clock day, never from the running clock. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** China Standard Time has no daylight saving: local time is UTC + 8 h all year. */
export const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** Midnight UTC of the day `now` falls on: every generated date derives from it, so a day's seeds are identical. */
export function clockDay(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

/** YYYY-MM-DD of the UTC date. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** YYYY-MM-DD of the calendar date in Penglai. */
export function chinaDate(ms: number): string {
  return isoDate(ms + CHINA_OFFSET_MS);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** A moment during office hours in Penglai (08:30–17:30 local) on the day `daysAgo` before `today`. */
export function officeHoursAt(today: number, daysAgo: number, fraction: number): number {
  const localDayStart = today - daysAgo * DAY_MS - CHINA_OFFSET_MS;
  return Math.round(localDayStart + (8.5 + 9 * fraction) * HOUR_MS);
}

/** Birth date for an age in whole years on `today`, with the day within that year from `fraction`. */
export function birthDateFor(today: number, age: number, fraction: number): string {
  const now = new Date(today);
  const latest = Date.UTC(now.getUTCFullYear() - age, now.getUTCMonth(), now.getUTCDate());
  const earliest = Date.UTC(now.getUTCFullYear() - age - 1, now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  return isoDate(earliest + Math.floor(fraction * ((latest - earliest) / DAY_MS + 1)) * DAY_MS);
}

/** The `count` most recent quarters that have ended before `today`, oldest first: ["2026-Q2", "2026-Q3"]. */
export function endedQuarters(today: number, count: number): Array<{ period: string; endsMs: number }> {
  const date = new Date(today);
  let year = date.getUTCFullYear();
  let quarter = Math.floor(date.getUTCMonth() / 3); // the current quarter, 0-based; the previous one has ended
  const periods: Array<{ period: string; endsMs: number }> = [];
  for (let i = 0; i < count; i++) {
    if (quarter === 0) {
      year--;
      quarter = 4;
    }
    periods.unshift({ period: `${year}-Q${quarter}`, endsMs: Date.UTC(year, quarter * 3, 1) - 1 });
    quarter--;
  }
  return periods;
}
