import { GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import type { EntityMetadata, MetadataStorage } from '@mikro-orm/core';
import type { Explanation } from '../../audit/access-recorder';
import type { SubjectType } from '../../policy/ability';
import { decideFields, FieldDecision } from '../../policy/compiled-read';
import type { RequestContext } from '../request-context';
import { Selected, subSelection } from './compiled-selection';

type SelectedField = NonNullable<ReturnType<Selected['get']>>;
import { explanationOf, ownedScope, Scope, scopeOf } from './compiled-scope';

/**
 * The rows a compiled read may serve and how it reaches their relations: a to-one relation by the entity's
 * foreign key (or by a plain id column the entity keeps, as the access log keeps its reader's), a
 * many-to-many one through its pivot table (in the related rows' id order), the rows owned by this one (a
 * case's timeline) by their foreign key, in the order given.
 */
export interface NodeSpec {
  type: SubjectType;
  relations?: Record<string, RelationSpec>;
}

export type RelationSpec = NodeSpec &
  (
    | { via: 'one' }
    | { via: 'key'; key: string }
    | { via: 'pivot'; property: string }
    | { via: 'owned'; foreignKey: string; orderBy: string[] }
  );

/** How the SQL reaches a relation's rows from the row it is read under. */
export type Link =
  | { kind: 'one'; foreignKey: string }
  | { kind: 'pivot'; table: string; ownColumn: string; otherColumn: string }
  | { kind: 'owned'; foreignKey: string; orderBy: string[] };

export interface Column {
  field: string;
  column: string;
  /** A timestamp: sent as epoch milliseconds, served as a Date, as the ORM would hydrate it. */
  date: boolean;
}

/** One type of the read: the fields decided once for the request, its columns and its relations. */
export interface NodePlan {
  type: SubjectType;
  table: string;
  /** Every field asked, as decided; relations included (their own decision on this type). */
  fields: Map<string, FieldDecision>;
  /** The stored fields shown (not withheld), besides the id. */
  columns: Column[];
  relations: RelationPlan[];
  scope: Scope;
  /** The column a "grids" scope reads. */
  gridColumn: string | null;
  explanation: Explanation;
}

export interface RelationPlan {
  field: string;
  link: Link;
  node: NodePlan;
}

// An array column (text[], int[]) comes as a JSON array of its values, as the ORM hydrates it.
const PLAIN_TYPES = new Set(['string', 'number', 'boolean', 'Date', 'array']);

/** A stored scalar (or array of them) the JSON can carry; null for anything computed, lazy or structured. */
export function columnOf(meta: EntityMetadata, field: string): Column | null {
  const property = meta.properties[field];
  if (!property || property.kind !== 'scalar' || property.lazy || !PLAIN_TYPES.has(property.runtimeType)) return null;
  if (property.persist === false || property.formula || property.fieldNames.length !== 1) return null;
  return { field, column: property.fieldNames[0], date: property.runtimeType === 'Date' };
}

/** A to-one relation is the entity's property of the field's name; the others are named by the spec. */
function linkOf(meta: EntityMetadata, field: string, spec: RelationSpec, metadata: MetadataStorage): Link | null {
  if (spec.via === 'one') {
    const property = meta.properties[field];
    if (property?.kind !== 'm:1' || property.type !== spec.type) return null;
    return { kind: 'one', foreignKey: property.fieldNames[0] };
  }
  if (spec.via === 'key') {
    const property = meta.properties[spec.key];
    if (property?.kind !== 'scalar' || property.runtimeType !== 'number' || property.fieldNames.length !== 1)
      return null;
    return { kind: 'one', foreignKey: property.fieldNames[0] };
  }
  if (spec.via === 'pivot') {
    const property = meta.properties[spec.property];
    if (property?.kind !== 'm:n' || property.type !== spec.type || property.joinColumns.length !== 1) return null;
    const [ownColumn, otherColumn] = [property.joinColumns[0], property.inverseJoinColumns[0]];
    return { kind: 'pivot', table: property.pivotTable, ownColumn, otherColumn };
  }
  const owned = metadata.find(spec.type);
  const property = owned?.properties[spec.foreignKey];
  if (!owned || property?.kind !== 'm:1' || property.type !== meta.className) return null;
  const orderBy = spec.orderBy.map((field) => (field === 'id' ? 'id' : columnOf(owned, field)?.column));
  if (orderBy.some((c) => c === undefined)) return null;
  return { kind: 'owned', foreignKey: property.fieldNames[0], orderBy: orderBy as string[] };
}

/**
 * The plan of one type for the fields selected on it; null as soon as anything needs the usual path: a
 * field without a column or a declared relation, a tier that rises with the row, a row rule beyond what a
 * scope expresses, rows shown under several bases.
 */
export function planNode(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  spec: NodeSpec,
  selected: Selected,
  scope: Scope,
): NodePlan | null {
  const type = info.schema.getType(spec.type);
  const metadata = ctx.em.getMetadata();
  const meta = metadata.find(spec.type);
  const explanation = explanationOf(ctx.policy, spec.type);
  if (!(type instanceof GraphQLObjectType) || !meta || !explanation) return null;
  const fields = decideFields(
    ctx.policy,
    type,
    [...selected.keys()].filter((name) => name !== '__typename'),
  );
  if (!fields) return null;
  const grid = meta.properties.grid;
  const gridColumn = grid?.kind === 'm:1' ? grid.fieldNames[0] : null;
  if (scope.kind !== 'all' && !gridColumn) return null;
  const plan: NodePlan = {
    type: spec.type,
    table: meta.tableName,
    fields,
    columns: [],
    relations: [],
    scope,
    gridColumn,
    explanation,
  };
  for (const decision of fields.values()) {
    const { field } = decision;
    const relation = spec.relations?.[field];
    if (!relation) {
      const column = field === 'id' ? null : columnOf(meta, field);
      if (field !== 'id' && !column) return null;
      if (column && decision.access !== 'HIDDEN') plan.columns.push(column);
      continue;
    }
    // A withheld or masked relation comes back null: nothing of it is read.
    if (decision.access !== 'FULL') continue;
    const related = relatedPlan(ctx, info, { meta, field, spec: relation, selected: selected.get(field) });
    if (!related) return null;
    plan.relations.push({ field, ...related });
  }
  return plan;
}

/** A relation of a row: how it is reached, the related type's scope there and its own plan. */
function relatedPlan(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  parent: { meta: EntityMetadata; field: string; spec: RelationSpec; selected: SelectedField | undefined },
): { link: Link; node: NodePlan } | null {
  const { meta, spec } = parent;
  const link = linkOf(meta, parent.field, spec, ctx.em.getMetadata());
  if (!link) return null;
  const scope =
    spec.via === 'owned'
      ? ownedScope(ctx.policy, spec.type, meta.className as SubjectType, spec.foreignKey)
      : scopeOf(ctx.policy, spec.type);
  const selected = subSelection(parent.selected, spec.type, info);
  const node = scope && selected && planNode(ctx, info, spec, selected, scope);
  return node ? { link, node } : null;
}
