import type { SeedScale } from '../../seeds/seed';
import type { RlsPolicy } from './postgraphile-rls';

/** One database of the run: the district shape at some size, with its access-log history. */
export interface DataSize {
  label: string;
  residents: number;
  scale: SeedScale;
  accessLogEntries: number;
}

export interface BenchPlan {
  mode: 'quick' | 'full';
  command: string;
  /** Where every workload runs. */
  large: DataSize;
  /** The second point of the scale curve (W1 and W4 only). */
  small: DataSize;
  connections: number[];
  seconds: number;
  warmupSeconds: number;
  /** GRID_WORKER logins W1 and W5 rotate over; residents W4 asks about. */
  workers: number;
  subjects: number;
  /** The row-level security policies W1 is measured against with PostGraphile 4 (postgraphile-rls.ts). */
  postgraphilePolicies: RlsPolicy[];
  resultsFile: string;
}

/** Quick: a tenth of the district and a tenth of its log, three connection counts, short runs (< 10 min on 2 cores). */
const QUICK: BenchPlan = {
  mode: 'quick',
  command: 'npm run bench',
  large: { label: 'large', residents: 45_000, scale: { residents: 45_000 }, accessLogEntries: 500_000 },
  small: { label: 'small', residents: 5_000, scale: { residents: 5_000 }, accessLogEntries: 50_000 },
  connections: [1, 8, 32],
  seconds: 8,
  warmupSeconds: 2,
  workers: 16,
  subjects: 200,
  // The tuned policy only: the stronger comparison, in under a minute.
  postgraphilePolicies: ['ids'],
  resultsFile: 'RESULTS.md',
};

/** Full: the district of contract §11 (450,000 residents, 5,000,000 log entries) against a tenth of it. */
const FULL: BenchPlan = {
  mode: 'full',
  command: 'npm run bench -- --full',
  large: { label: 'district', residents: 450_000, scale: 'district', accessLogEntries: 5_000_000 },
  small: { label: 'tenth', residents: 45_000, scale: { residents: 45_000 }, accessLogEntries: 500_000 },
  connections: [1, 8, 32, 64],
  seconds: 30,
  warmupSeconds: 5,
  workers: 64,
  subjects: 1_000,
  postgraphilePolicies: ['plain', 'ids'],
  resultsFile: 'RESULTS-full.md',
};

export function planFromArguments(argv: string[]): BenchPlan {
  const unknown = argv.filter((arg) => arg !== '--full' && arg !== '--quick');
  if (unknown.length) throw new Error(`unknown argument ${unknown[0]}: use --quick (default) or --full`);
  return argv.includes('--full') ? FULL : QUICK;
}
