import { writeFileSync } from 'node:fs';
import type { GraphQLSchema } from 'graphql';
import { createSchema } from '../../src/server/schema';
import { declarationOf } from '../../src/policy/schema-tiers';
import { startTestApi, TestApi } from '../support/api';
import { loadFixtures } from './fixtures';
import { loadCaller } from './matrix/caller';
import { ruleOf } from './matrix/decide';
import { POSTS } from './matrix/oracle';
import { emptyTally, probeNodes, probeRoot, Tally } from './matrix/probes';
import { nodeTypes, rootProbes } from './matrix/selection';
import { ELEVATED_ROWS, OWNED, TABLES } from './matrix/sql-terms';

/**
 * The authorization matrix, generated from the schema: every post against every Node type through
 * node(id:) on rows in and out of scope, and through every root list with its relation paths to depth 3.
 * Expectations come from the oracle (contract §4 as data, rows by the test's own SQL); a type, field or
 * root the oracle does not know fails here, so nothing new is served without an expectation.
 */

/** Root fields outside the matrix, each with the reason; any other root field must be probed. */
const SKIPPED_ROOTS: Record<string, string> = {
  node: 'probed per type with ids in and out of scope',
  resident: 'by id: node(id:) covers the same rows',
  case: 'by id: node(id:) covers the same rows',
  grid: 'by id: node(id:) covers the same rows',
  worker: 'by id: node(id:) covers the same rows',
  health: 'no data',
  caseStatistics: 'aggregates (T0), covered by the statistics tests',
  accessLogAnomalies: 'review aggregates, covered by the anomaly tests',
  accessLogStatistics: 'review aggregates, covered by the statistics tests',
  verifyAccessLog: 'integrity check, covered by the integrity tests',
  whoReadMyRecord: 'no Node objects; covered by the record-reads tests',
  gridAt: 'needs a point; covered by the grid administration tests',
  workerWorkload: 'aggregates per worker, no Node objects; covered by the workload tests',
  changes: 'a feed of ChangeEntry rows (probed through Resident.history); covered by the history tests',
  myData: 'the resident’s own rows, all probed per type; covered by the my-data test',
  overdueVisits: 'memberships (probed through Resident.categories); covered by the visit tests',
};

let api: TestApi;
let schema: GraphQLSchema;
const total = emptyTally();

beforeAll(async () => {
  api = await startTestApi();
  await loadFixtures(api);
  schema = await createSchema();
});
afterAll(async () => {
  const probes = total.nodeFetches + total.fieldChecks + total.relationPaths;
  console.log(
    `generated authorization matrix: ${probes} probes (${total.nodeFetches} node fetches, ` +
      `${total.fieldChecks} field checks, ${total.relationPaths} relation paths), ${total.failures.length} failures`,
  );
  // MATRIX_REPORT=<file> writes every failing probe, one a line, for reading the whole list at once.
  if (process.env.MATRIX_REPORT) writeFileSync(process.env.MATRIX_REPORT, total.failures.join('\n') + '\n');
  await api.close();
});

describe('the oracle covers the schema', () => {
  it('has an expectation for every post on every Node type, and knows every table, owner and rise', () => {
    const gaps: string[] = [];
    for (const type of nodeTypes(schema)) {
      if (!TABLES[type.name]) gaps.push(`${type.name}: no table`);
      for (const post of POSTS) {
        try {
          const rule = ruleOf(post, type.name);
          if (rule.rows === 'owned' && !OWNED[type.name]) gaps.push(`${type.name}: owned, but no owner`);
        } catch (error) {
          gaps.push((error as Error).message);
        }
      }
      for (const field of Object.keys(type.getFields())) {
        const declaration = declarationOf(type, field);
        if (!declaration) gaps.push(`${type.name}.${field}: no tier`);
        else if (declaration.elevation && !ELEVATED_ROWS[type.name]) gaps.push(`${type.name}.${field}: rises unknown`);
      }
    }
    expect(gaps).toEqual([]);
  });

  it('probes or names every root field', () => {
    expect(() => rootProbes(schema, SKIPPED_ROOTS)).not.toThrow();
  });
});

async function runWithin<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

describe.each(POSTS.map((post) => ({ post, name: post.name })))('$name', ({ post }) => {
  const tally: Tally = emptyTally();
  afterAll(() => {
    total.nodeFetches += tally.nodeFetches;
    total.fieldChecks += tally.fieldChecks;
    total.relationPaths += tally.relationPaths;
    total.failures.push(...tally.failures);
  });

  it('node(id:) answers rows in scope as the oracle says and NOT_FOUND out of scope', async () => {
    const caller = await loadCaller(api, post.username, post.purpose);
    const probe = { api, schema, post, caller, entry: 'node' };
    const before = tally.failures.length;
    await runWithin(nodeTypes(schema), 3, (type) => probeNodes(probe, type, tally));
    expect(tally.failures.slice(before)).toEqual([]);
  });

  it('root lists and their relation paths give only rows in scope, fields as the oracle says', async () => {
    const caller = await loadCaller(api, post.username, post.purpose);
    const probe = { api, schema, post, caller, entry: 'root' };
    const before = tally.failures.length;
    await runWithin(rootProbes(schema, SKIPPED_ROOTS), 2, (root) => probeRoot(probe, root, tally));
    expect(tally.failures.slice(before)).toEqual([]);
  });
});
