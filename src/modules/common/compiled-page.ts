import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { CursorValue, decodeCursor, encodeCursor } from '../../common/cursor';
import { OrderDirection, PageArgs } from '../../common/relay';
import { runPrepared } from '../../db/prepared';
import { decided } from '../../policy/compiled-read';
import { declarationByName } from '../../policy/schema-tiers';
import type { RequestContext } from '../request-context';
import { Column, columnOf, NodePlan, NodeSpec, planNode } from './compiled-plan';
import { ORDER_KEY, pageSql } from './compiled-page.sql';
import { once, Place, Row, RowServer, shapeOf } from './compiled-rows';
import { scopeOf } from './compiled-scope';
import type { Fragment } from './compiled-sql';
import { onlyFields, subSelection } from './compiled-selection';

/** A list a compiled read may answer: its rows and relations, and its condition when the request filters. */
export interface CompiledListSpec extends NodeSpec {
  /** The list's filter on its rows (aliased as given), exactly as the usual path applies it. */
  where?: (alias: string) => Fragment;
  /** The fields that filter reads: like the ordering's, each must be readable in clear. */
  filterReads?: string[];
  /** The list's rows are found by index lookups, not by walking its order: count them as they are read. */
  countOnce?: boolean;
}

/** The page's rows at each place they appear in the response ("cases.nodes.#"), with their field nodes. */
interface Location {
  prefix: string;
  nodes: FieldNode[];
}

interface Layout {
  locations: Location[];
  cursors: boolean;
  totalCount: boolean;
}

/**
 * One statement for a page of a list, compiled from the resolved selection and the caller's declared
 * policy: the row rules as SQL scopes, each field's tier decided once per type for the request, the page and
 * its relations built as JSON by PostgreSQL, no entity hydrated. The reads are recorded as the field guard
 * records them. Null whenever the request needs more than this understands (another filter, a field that
 * needs a resolver, a row rule beyond the caller's grids): the list's usual path answers then.
 */
export async function compiledPage(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  spec: CompiledListSpec,
  order: { field: string; direction: OrderDirection },
  page: PageArgs,
): Promise<object | null> {
  const orderColumn = page.first === 0 ? undefined : orderColumnOf(ctx, spec, order.field);
  const readable = [...(spec.filterReads ?? []), order.field].every((field) => inClear(ctx, spec, field));
  if (orderColumn === undefined || !readable) return null;
  const compiled = compiledSelection(ctx, info, spec);
  if (!compiled) return null;
  const { plan, layout, places } = compiled;
  const cursorScope = `${spec.type}:${order.field}:${order.direction}`;
  const after = page.after ?? null;
  const cursor = after === null ? null : decodeCursor(cursorScope, after);
  if (cursor && orderColumn?.date && Number.isNaN(Date.parse(String(cursor.value)))) return null;
  const { text, params } = pageSql(plan, {
    order: orderColumn,
    descending: order.direction === OrderDirection.DESC,
    after: cursor,
    limit: page.first + 1,
    where: spec.where ?? null,
    withCount: layout.totalCount,
    countOnce: spec.countOnce === true,
  });
  const [result] = await runPrepared<{ rows: Row[]; total: string | null }>(ctx.em, text, params);
  const server = new RowServer({
    audit: ctx.audit,
    disclosure: ctx.disclosure,
    policy: ctx.policy,
    action: ctx.audit.actionOf(String(rootKey(info))),
  });
  const serving = { plan, places, server, layout, order: orderColumn, textId: idIsText(ctx, spec.type) };
  return connectionOf(result, serving, { cursorScope, after, first: page.first });
}

/** What a selection compiles to for one policy: the same whatever the page, cursor or list condition. */
interface CompiledSelection {
  layout: Layout;
  plan: NodePlan;
  places: { prefix: string; shape: Place['shape'] }[];
}

/** A compiled selection (or null: not one a compiled read answers) with what it was compiled from. */
interface Kept {
  fieldNodes: readonly FieldNode[];
  type: string;
  relations: NodeSpec['relations'];
  compiled: CompiledSelection | null;
}

/**
 * Compiled selections by policy and by the operation's field nodes. A policy is shared by every request of
 * an unchanged principal and a document's nodes by every request sending its text, so a client asking the
 * same list again pays for its plan once; either one changed is another key.
 */
const compiledSelections = new WeakMap<object, WeakMap<FieldNode, Kept>>();

function compiledSelection(ctx: RequestContext, info: GraphQLResolveInfo, spec: NodeSpec): CompiledSelection | null {
  let byNode = compiledSelections.get(ctx.policy);
  if (!byNode) compiledSelections.set(ctx.policy, (byNode = new WeakMap()));
  const first = info.fieldNodes[0];
  const kept = byNode.get(first);
  if (kept && sameSelection(kept, info, spec)) return kept.compiled;
  const compiled = selectionPlan(ctx, info, spec);
  byNode.set(first, { fieldNodes: info.fieldNodes, type: spec.type, relations: spec.relations, compiled });
  return compiled;
}

function sameSelection(kept: Kept, info: GraphQLResolveInfo, spec: NodeSpec): boolean {
  const nodes = info.fieldNodes;
  return (
    kept.type === spec.type &&
    kept.relations === spec.relations &&
    kept.fieldNodes.length === nodes.length &&
    kept.fieldNodes.every((node, index) => node === nodes[index])
  );
}

function selectionPlan(ctx: RequestContext, info: GraphQLResolveInfo, spec: NodeSpec): CompiledSelection | null {
  const scope = scopeOf(ctx.policy, spec.type);
  const layout = layoutOf(info, spec);
  if (!scope || !layout) return null;
  const allNodes = layout.locations.flatMap((location) => location.nodes);
  const selected = subSelection({ nodes: allNodes }, spec.type, info);
  const plan = selected && planNode(ctx, info, spec, selected, scope);
  if (!plan) return null;
  const places = layout.locations.map(({ prefix, nodes }) => ({ prefix, shape: shapeOf(nodes, spec, info) }));
  return { layout, plan, places };
}

/** The ordering's column: null for the id alone; undefined when the list cannot be ordered so in SQL here. */
function orderColumnOf(ctx: RequestContext, spec: NodeSpec, field: string): Column | null | undefined {
  if (field === 'id') return null;
  const meta = ctx.em.getMetadata().find(spec.type);
  const column = meta && columnOf(meta, field);
  return column && !meta.properties[field].nullable ? column : undefined;
}

function idIsText(ctx: RequestContext, type: string): boolean {
  return ctx.em.getMetadata().find(type)?.properties.id?.runtimeType === 'string';
}

/** Filtering or ordering on a field needs it in clear; otherwise the usual path refuses the request. */
function inClear(ctx: RequestContext, spec: NodeSpec, field: string): boolean {
  return ctx.policy.fieldAccess(spec.type, field, declarationByName(spec.type, field).tier) === 'FULL';
}

function rootKey(info: GraphQLResolveInfo): string | number {
  let path = info.path;
  while (path.prev) path = path.prev;
  return path.key;
}

/** The selection on the connection, its edges and nodes: where the rows appear, and what else is asked. */
function layoutOf(info: GraphQLResolveInfo, spec: NodeSpec): Layout | null {
  const connection = subSelection({ nodes: [...info.fieldNodes] }, `${spec.type}Connection`, info);
  if (!connection || !onlyFields(connection, ['edges', 'nodes', 'pageInfo', 'totalCount'])) return null;
  const edges = subSelection(connection.get('edges'), `${spec.type}Edge`, info);
  if (!edges || !onlyFields(edges, ['node', 'cursor'])) return null;
  const root = String(rootKey(info));
  const locations: Location[] = [];
  const nodesUnder = (entry: { nodes: FieldNode[] } | undefined, key: string) =>
    (entry?.nodes ?? []).filter((node) => (node.alias?.value ?? node.name.value) === key);
  for (const edgesKey of connection.get('edges')?.keys ?? []) {
    const edgeSelection = subSelection(
      { nodes: nodesUnder(connection.get('edges'), edgesKey) },
      `${spec.type}Edge`,
      info,
    );
    for (const nodeKey of edgeSelection?.get('node')?.keys ?? []) {
      locations.push({
        prefix: `${root}.${edgesKey}.#.${nodeKey}`,
        nodes: nodesUnder(edgeSelection!.get('node'), nodeKey),
      });
    }
  }
  for (const nodesKey of connection.get('nodes')?.keys ?? []) {
    locations.push({ prefix: `${root}.${nodesKey}.#`, nodes: nodesUnder(connection.get('nodes'), nodesKey) });
  }
  return { locations, cursors: edges.has('cursor'), totalCount: connection.has('totalCount') };
}

interface Serving {
  plan: NodePlan;
  places: { prefix: string; shape: Place['shape'] }[];
  server: RowServer;
  layout: Layout;
  order: Column | null;
  /** The entity's id is hydrated as text (a bigint key): so is an id-ordered cursor's sort value. */
  textId: boolean;
}

/** The page as the connection types give it, each object marked as decided so the field guard is not run again. */
function connectionOf(
  result: { rows: Row[]; total: string | null },
  { plan, places, server, layout, order, textId }: Serving,
  page: { cursorScope: string; after: string | null; first: number },
): object {
  const shown = result.rows.slice(0, page.first);
  // Before the rows are served: serving gives them their global ids.
  const cursorOf = (row: Row) => encodeCursor(page.cursorScope, cursorValue(row, order, textId), row.id);
  const cursors = layout.cursors ? shown.map(cursorOf) : [];
  const last = shown.length - 1;
  const startCursor = last < 0 ? null : (cursors[0] ?? cursorOf(shown[0]));
  const endCursor = last < 0 ? null : (cursors[last] ?? cursorOf(shown[last]));
  const nodes = shown.map((row, index) => {
    delete row[ORDER_KEY];
    return server.serve(
      plan,
      row,
      once(() => places.map(({ prefix, shape }) => ({ at: prefix.replace('#', String(index)), shape }))),
    );
  });
  const edges = nodes.map((node, index) => decided({ node, cursor: cursors[index] ?? null }));
  const pageInfo = decided({
    hasNextPage: result.rows.length > page.first,
    hasPreviousPage: page.after !== null,
    startCursor,
    endCursor,
  });
  const totalCount = result.total === null ? null : Number(result.total);
  return decided({ edges, nodes, pageInfo, totalCount });
}

/** The cursor's sort value as the usual path writes it: a timestamp as its ISO text, the id as hydrated. */
function cursorValue(row: Row, order: Column | null, textId: boolean): CursorValue {
  if (!order) return textId ? String(row.id) : row.id;
  const value = row[ORDER_KEY] as CursorValue;
  return order.date ? new Date(value as number).toISOString() : value;
}
