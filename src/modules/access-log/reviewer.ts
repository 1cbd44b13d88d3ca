import type { Policy } from '../../policy/policy';
import { badInput } from '../../common/errors';

/** Statistics, anomaly flags, exports and legal holds are for the posts that review the log. */
export function assertReviewer(policy: Policy, what: string): void {
  policy.assertCan('review', 'AccessLog', what);
}

/** A review period [from, to). */
export function assertPeriod(from: Date, to: Date): void {
  if (Number.isNaN(from.getTime())) throw badInput('from', 'must be a date and time');
  if (Number.isNaN(to.getTime())) throw badInput('to', 'must be a date and time');
  if (to <= from) throw badInput('to', 'must be after from');
}
