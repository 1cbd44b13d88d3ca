import { GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import type { EntityMetadata } from '@mikro-orm/core';
import { toGlobalId } from '../../common/global-id';
import { decodeCursor, encodeCursor } from '../../common/cursor';
import { OrderDirection, PageArgs } from '../../common/relay';
import { runPrepared } from '../../db/prepared';
import type { SubjectType } from '../../policy/ability';
import { parseReason } from '../../policy/ability';
import { decided, decideFields, decideRow, FieldDecision, RowRecording } from '../../policy/compiled-read';
import type { RequestContext } from '../request-context';
import { onlyFields, Selected, subSelection } from './compiled-selection';

type SelectedField = NonNullable<ReturnType<Selected['get']>>;
import { pageSql, PageQuery, Scope } from './compiled-page.sql';

/** A list of a grid-bound type paged by id, with to-one relations to catalogue types (a resident's grid). */
export interface CompiledListSpec {
  type: SubjectType;
  /** The to-one relations the compiled read may join: field name → the related type. */
  relations: Record<string, SubjectType>;
}

/** One place of the rows in the response ("residents.edges.#.node", "residents.nodes.#") and its keys by field. */
interface Location {
  prefix: string;
  keys: Map<string, string[]>;
}

interface Plan {
  fields: Map<string, FieldDecision>;
  relations: Map<string, { decision: FieldDecision; fields: Map<string, FieldDecision> }>;
  /** Where the page's rows appear in the response, each with the keys its fields answer under there. */
  locations: Location[];
  cursors: boolean;
  totalCount: boolean;
}

type Row = Record<string, unknown> & { id: number };

/**
 * One statement for a page of a list, compiled from the resolved selection and the caller's declared
 * policy: the row rule as the SQL scope, each field's tier decided once for the request, the page and its
 * relations built as JSON by PostgreSQL, no entity hydrated. The reads are recorded as the field guard
 * records them. Null whenever the request needs more than this understands (a filter, another ordering, a
 * field that needs a resolver, a row rule beyond the caller's grids): the list's usual path answers then.
 */
export async function compiledPage(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  spec: CompiledListSpec,
  order: { field: string; direction: OrderDirection },
  page: PageArgs,
): Promise<object | null> {
  if (order.field !== 'id' || page.first === 0) return null;
  const scope = scopeOf(ctx, spec);
  const explanation = scope && explanationOf(ctx, spec.type);
  const plan = explanation && planOf(ctx, info, spec);
  if (!plan || !explanation) return null;
  const metadata = ctx.em.getMetadata();
  const query = queryOf(metadata.find(spec.type)!, spec, plan, (type) => metadata.find(type)!);
  if (!query) return null;
  const cursorScope = `${spec.type}:id:${order.direction}`;
  const after = page.after ?? null;
  const afterId = after === null ? null : decodeCursor(cursorScope, after).id;
  const { sql, params } = pageSql(query, scope, {
    afterId,
    limit: page.first + 1,
    descending: order.direction === OrderDirection.DESC,
    withCount: plan.totalCount,
  });
  const [result] = await runPrepared<{ rows: Row[]; total: string | null }>(ctx.em, sql, params);
  const recording: RowRecording = {
    audit: ctx.audit,
    disclosure: ctx.disclosure,
    policy: ctx.policy,
    action: ctx.audit.actionOf(String(rootKey(info))),
    explanation,
  };
  return connectionOf(result.rows, result.total, spec, plan, recording, { cursorScope, after, first: page.first });
}

/** The caller's rows as the row policy declares them, when that is "all" or "in these grids"; null otherwise. */
function scopeOf(ctx: RequestContext, spec: CompiledListSpec): Scope | null {
  const filter = ctx.policy.rowFilter(spec.type);
  for (const type of Object.values(spec.relations)) {
    if (Object.keys(ctx.policy.rowFilter(type)).length !== 0) return null;
  }
  const keys = Object.keys(filter);
  if (keys.length === 0) return { kind: 'all' };
  const ids = (filter.grid as { $in?: unknown } | undefined)?.$in;
  if (keys.length === 1 && Array.isArray(ids)) return { kind: 'grids', gridIds: ids as number[] };
  return null;
}

/** Every row shown under one basis and rule (the post's scope), so the log's explanation is the same for each. */
function explanationOf(ctx: RequestContext, type: SubjectType): { basis: string; rule: string } | null {
  const rules = ctx.policy.ability.rulesFor('view', type);
  if (rules.some((rule) => rule.inverted) || rules.length === 0) return null;
  const reasons = new Set(rules.map((rule) => rule.reason));
  return reasons.size === 1 ? parseReason(rules[0].reason) : null;
}

function rootKey(info: GraphQLResolveInfo): string | number {
  let path = info.path;
  while (path.prev) path = path.prev;
  return path.key;
}

function objectType(schema: GraphQLSchema, name: string): GraphQLObjectType | null {
  const type = schema.getType(name);
  return type instanceof GraphQLObjectType ? type : null;
}

/** The selection on the connection, its edges and nodes, merged into one plan of fields for the rows. */
function planOf(ctx: RequestContext, info: GraphQLResolveInfo, spec: CompiledListSpec): Plan | null {
  const connection = subSelection({ nodes: [...info.fieldNodes] }, `${spec.type}Connection`, info);
  if (!connection || !onlyFields(connection, ['edges', 'nodes', 'pageInfo', 'totalCount'])) return null;
  const edges = subSelection(connection.get('edges'), `${spec.type}Edge`, info);
  if (!edges || !onlyFields(edges, ['node', 'cursor'])) return null;
  const root = String(rootKey(info));
  const locations: Location[] = [];
  const rows: Selected = new Map();
  const add = (prefix: string, entry: SelectedField | undefined) => {
    const part = subSelection(entry, spec.type, info);
    if (!part) return false;
    const keys = new Map<string, string[]>();
    for (const [name, value] of part) {
      keys.set(name, value.keys);
      const relation = spec.relations[name] && subSelection(value, spec.relations[name], info);
      for (const [field, sub] of relation ?? []) keys.set(`${name}.${field}`, sub.keys);
      const into = rows.get(name) ?? { keys: [], nodes: [] };
      into.nodes.push(...value.nodes);
      rows.set(name, into);
    }
    locations.push({ prefix, keys });
    return true;
  };
  for (const edgesKey of connection.get('edges')?.keys ?? []) {
    for (const nodeKey of edges.get('node')?.keys ?? []) {
      if (!add(`${root}.${edgesKey}.#.${nodeKey}`, edges.get('node'))) return null;
    }
  }
  for (const nodesKey of connection.get('nodes')?.keys ?? []) {
    if (!add(`${root}.${nodesKey}.#`, connection.get('nodes'))) return null;
  }
  return fieldPlan(ctx, info, spec, rows, locations, {
    cursors: edges.has('cursor'),
    totalCount: connection.has('totalCount'),
  });
}

function fieldPlan(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  spec: CompiledListSpec,
  rows: Selected,
  locations: Location[],
  extra: { cursors: boolean; totalCount: boolean },
): Plan | null {
  const type = objectType(info.schema, spec.type);
  if (!type) return null;
  const names = [...rows.keys()].filter((name) => name !== '__typename');
  const decisions = decideFields(ctx.policy, type, names);
  if (!decisions) return null;
  const plan: Plan = { fields: new Map(), relations: new Map(), locations, ...extra };
  for (const [name, decision] of decisions) {
    const related = spec.relations[name];
    if (!related) {
      plan.fields.set(name, decision);
      continue;
    }
    const relatedType = objectType(info.schema, related);
    const selected = relatedType && subSelection(rows.get(name), related, info);
    const fields =
      selected &&
      decideFields(
        ctx.policy,
        relatedType,
        [...selected.keys()].filter((n) => n !== '__typename'),
      );
    if (!fields) return null;
    plan.relations.set(name, { decision, fields });
  }
  return plan;
}

/** Columns of the plain fields of a row; null when one is not a stored scalar the JSON can carry as is. */
function queryOf(
  meta: EntityMetadata,
  spec: CompiledListSpec,
  plan: Plan,
  metaOf: (type: string) => EntityMetadata,
): PageQuery | null {
  const columns = columnsOf(meta, visible(plan.fields));
  if (!columns) return null;
  const joins: PageQuery['joins'] = [];
  for (const [name, relation] of plan.relations) {
    if (relation.decision.access === 'HIDDEN') continue;
    const property = meta.properties[name];
    const related = metaOf(spec.relations[name]);
    const relatedColumns = columnsOf(related, visible(relation.fields));
    if (property?.kind !== 'm:1' || !relatedColumns) return null;
    joins.push({ key: name, table: related.tableName, foreignKey: property.fieldNames[0], columns: relatedColumns });
  }
  return { table: meta.tableName, columns, joins };
}

function visible(fields: Map<string, FieldDecision>): string[] {
  return [...fields.values()].filter((d) => d.access !== 'HIDDEN').map((d) => d.field);
}

const PLAIN_TYPES = new Set(['string', 'number', 'boolean']);

function columnsOf(meta: EntityMetadata, fields: string[]): Record<string, string> | null {
  const columns: Record<string, string> = {};
  for (const field of fields) {
    if (field === 'id') continue;
    const property = meta.properties[field];
    if (!property || property.kind !== 'scalar' || property.lazy || !PLAIN_TYPES.has(property.runtimeType)) return null;
    if (property.persist === false || property.formula) return null;
    columns[field] = property.fieldNames[0];
  }
  return columns;
}

/** The page as the connection types give it, each object marked as decided so the field guard is not run again. */
function connectionOf(
  rows: Row[],
  total: string | null,
  spec: CompiledListSpec,
  plan: Plan,
  recording: RowRecording,
  page: { cursorScope: string; after: string | null; first: number },
): object {
  const shown = rows.slice(0, page.first);
  const cursorOf = (row: Row) => encodeCursor(page.cursorScope, row.id, row.id);
  const nodes = shown.map((row, index) => nodeOf(row, index, spec, plan, recording));
  const edges = nodes.map((node, index) => decided({ node, cursor: plan.cursors ? cursorOf(shown[index]) : null }));
  const first = shown[0];
  const last = shown[shown.length - 1];
  const pageInfo = decided({
    hasNextPage: rows.length > page.first,
    hasPreviousPage: page.after !== null,
    startCursor: first ? cursorOf(first) : null,
    endCursor: last ? cursorOf(last) : null,
  });
  return decided({ edges, nodes, pageInfo, totalCount: total === null ? null : Number(total) });
}

function nodeOf(row: Row, index: number, spec: CompiledListSpec, plan: Plan, recording: RowRecording): object {
  /** The response paths of a field of this row ("grid.name" for a relation's), under every key it is asked as. */
  const paths = (field: string) =>
    plan.locations.flatMap(({ prefix, keys }) => {
      const at = prefix.replace('#', String(index));
      const [own, sub] = field.split('.');
      return (keys.get(own) ?? []).flatMap((key) =>
        sub === undefined ? [`${at}.${key}`] : (keys.get(field) ?? []).map((subKey) => `${at}.${key}.${subKey}`),
      );
    });
  const node: Record<string, unknown> = { ...row };
  decideRow(spec.type, row.id, node, plan.fields, recording, paths);
  for (const [name, relation] of plan.relations) {
    decideRow(spec.type, row.id, node, new Map([[name, relation.decision]]), recording, paths);
    const value = node[name] as Record<string, unknown> | null | undefined;
    if (!value) continue;
    const relatedPaths = (field: string) => paths(`${name}.${field}`);
    const relatedId = value.id as number;
    decideRow(spec.relations[name], relatedId, value, relation.fields, recording, relatedPaths);
    node[name] = decided({ ...value, id: toGlobalId(spec.relations[name], relatedId) });
  }
  return decided({ ...node, id: toGlobalId(spec.type, row.id) });
}
