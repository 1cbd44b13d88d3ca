import { failureLog } from './logger';

/**
 * One line per kind of failure and interval: an outage fails every request the same way, and a line per
 * request (with its stack) would bury the one line an operator needs. The count of suppressed repeats is
 * reported with the next line of that kind.
 */
export function quietLogger(intervalMs = 10_000, write: (line: string) => void = (line) => failureLog.error(line)) {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (kind: string, detail: string): void => {
    const now = Date.now();
    const seen = last.get(kind);
    if (seen && now - seen.at < intervalMs) {
      seen.suppressed++;
      return;
    }
    const repeats = seen?.suppressed ? ` (${seen.suppressed} more since the last report)` : '';
    last.set(kind, { at: now, suppressed: 0 });
    write(`${kind}: ${detail.split('\n')[0].slice(0, 300)}${repeats}`);
  };
}
