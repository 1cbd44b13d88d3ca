import type { GraphQLObjectType } from 'graphql';
import { globalId, sql } from '../../support/sql';
import { Body, checkAnswer, Probe } from './check';
import { rowCondition, ruleOf } from './decide';
import { RootProbe, selectionOf } from './selection';
import { ELEVATED_ROWS, TABLES } from './sql-terms';

/** What a set of probes found and how much it tried. */
export interface Tally {
  failures: string[];
  nodeFetches: number;
  fieldChecks: number;
  relationPaths: number;
}

export const emptyTally = (): Tally => ({ failures: [], nodeFetches: 0, fieldChecks: 0, relationPaths: 0 });

const NODE_DEPTH = 2;
const ROOT_DEPTH = 3;

async function ask(probe: Probe, query: string, variables: Record<string, unknown> = {}): Promise<Body> {
  const headers = probe.post.purpose ? { 'x-access-purpose': probe.post.purpose } : undefined;
  const token = await probe.api.login(probe.post.username);
  return (await probe.api.raw({ query, variables }, { token, headers })).body as Body;
}

const codes = (body: Body) => (body.errors ?? []).map((e) => String(e.extensions?.code));
/** Errors other than the withheld-field refusals the field guard adds. */
const otherErrors = (body: Body) =>
  (body.errors ?? []).filter((e) => !e.extensions?.field).map((e) => e.extensions?.code);

/** The codes a post's refused types answer with (resident data of a department without a valid purpose). */
const refusals = (probe: Probe) => new Set(Object.values(probe.post.types).map((rule) => rule.refused));

/** Whether an answer failed only because nested data of a refused type was refused, as it must be. */
const refusedInside = (probe: Probe, body: Body) =>
  otherErrors(body).length > 0 && otherErrors(body).every((code) => refusals(probe).has(code as never));

const schemaTypeOf = (probe: Probe) => (name: string) => probe.schema.getType(name) as GraphQLObjectType;

/** Sample ids: one or two rows in scope (one risen where rows rise), one out of scope. */
async function sampleIds(probe: Probe, type: string): Promise<{ inside: number[]; outside: number[] }> {
  const condition = rowCondition(probe.post, probe.caller, schemaTypeOf(probe), type);
  const pick = async (where: string) =>
    (
      await sql<{ id: string }>(probe.api, `select t.id from ${TABLES[type]} t where ${where} order by t.id limit 1`)
    ).map((row) => Number(row.id));
  const rises = ELEVATED_ROWS[type];
  const inside = [...(await pick(condition)), ...(rises ? await pick(`${condition} and ${rises.where('t')}`) : [])];
  return { inside: [...new Set(inside)], outside: await pick(`not ${condition}`) };
}

/** node(id:) on rows in and out of scope: in scope the row and its fields as the oracle says; out, NOT_FOUND. */
export async function probeNodes(probe: Probe, type: GraphQLObjectType, tally: Tally): Promise<void> {
  const paths: string[] = [];
  const query = `query Probe($id: ID!) { node(id: $id) { __typename id ... on ${type.name} { ${selectionOf(type, NODE_DEPTH, paths)} } } }`;
  const refused = ruleOf(probe.post, type.name).refused;
  const { inside, outside } = await sampleIds(probe, type.name);
  tally.relationPaths += paths.length;
  for (const [id, inScope] of [...inside.map((i) => [i, true] as const), ...outside.map((o) => [o, false] as const)]) {
    const gid = globalId(type.name, id);
    const body = await ask(probe, query, { id: gid });
    tally.nodeFetches++;
    const where = `${probe.post.name} node(${type.name}:${id})`;
    if (refused && !codes(body).includes(refused))
      tally.failures.push(`CODE ${where}: expected ${refused}, got ${codes(body)}`);
    else if (
      !refused &&
      inScope &&
      (body.data?.node as { id?: string } | undefined)?.id !== gid &&
      !refusedInside(probe, body)
    )
      tally.failures.push(`DENIES ${where}: in scope, expected the row, got ${JSON.stringify(otherErrors(body))}`);
    else if (!refused && !inScope && (body.data !== null || codes(body).join() !== 'NOT_FOUND'))
      tally.failures.push(
        `LEAK ${where}: out of scope, expected NOT_FOUND and no data, got ${JSON.stringify(body).slice(0, 300)}`,
      );
    const checked = await checkAnswer({ ...probe, entry: `node(${type.name}:${id})` }, body);
    tally.failures.push(...checked.failures);
    tally.fieldChecks += checked.fieldChecks;
  }
}

/** A root list with every relation path to depth 3; a connection's totalCount must count exactly the rows in scope. */
export async function probeRoot(probe: Probe, root: RootProbe, tally: Tally): Promise<void> {
  const paths: string[] = [];
  const selection = selectionOf(root.type, ROOT_DEPTH, paths, root.field);
  const query = root.connection
    ? `{ ${root.field}${root.args} { totalCount nodes { ${selection} } } }`
    : `{ ${root.field}${root.args} { ${selection} } }`;
  const body = await ask(probe, query);
  tally.relationPaths += paths.length;
  const rule = ruleOf(probe.post, root.type.name);
  const where = `${probe.post.name} ${root.field}`;
  if (rule.refused && !codes(body).includes(rule.refused))
    tally.failures.push(`CODE ${where}: expected ${rule.refused}, got ${codes(body)}`);
  const unexpected = otherErrors(body).filter((code) => !refusals(probe).has(code as never) && code !== 'FORBIDDEN');
  if (unexpected.length > 0) tally.failures.push(`ERROR ${where}: unexpected errors ${JSON.stringify(body.errors)}`);
  if (root.connection && body.data?.[root.field] && root.type.name !== 'AccessLog') {
    const condition = rowCondition(probe.post, probe.caller, schemaTypeOf(probe), root.type.name);
    const [row] = await sql<{ n: string }>(
      probe.api,
      `select count(*) as n from ${TABLES[root.type.name]} t where ${condition}`,
    );
    const totalCount = (body.data[root.field] as { totalCount: number }).totalCount;
    if (Number(row.n) !== totalCount)
      tally.failures.push(`COUNT ${where}.totalCount: expected ${row.n}, got ${totalCount}`);
  }
  const checked = await checkAnswer({ ...probe, entry: root.field }, body);
  tally.failures.push(...checked.failures);
  tally.fieldChecks += checked.fieldChecks;
}
