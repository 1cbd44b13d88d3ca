import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { toGlobalId } from '../../common/global-id';
import { decided, decideRow, RowRecording } from '../../policy/compiled-read';
import type { NodePlan, NodeSpec } from './compiled-plan';
import { subSelection } from './compiled-selection';

/**
 * Where one object's fields answer in one place of the response: each field's response keys (aliases),
 * each with what is selected under it when the field is a relation.
 */
export type Shape = Map<string, { key: string; shape: Shape }[]>;

/** One place an object appears at in the response ("cases.nodes.3"), with the shape selected there. */
export interface Place {
  at: string;
  shape: Shape;
}

export type Row = Record<string, unknown> & { id: number };

/** A value made when first asked for, then kept. */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => (made ??= { value: make() }).value;
}

/** The shape of the selection of these field nodes on a type, relations followed as the spec declares them. */
export function shapeOf(nodes: readonly FieldNode[], spec: NodeSpec, info: GraphQLResolveInfo): Shape {
  const shape: Shape = new Map();
  const selected = subSelection({ nodes: [...nodes] }, spec.type, info) ?? new Map();
  for (const [field, entry] of selected) {
    const relation = spec.relations?.[field];
    const byKey = new Map<string, FieldNode[]>();
    for (const node of entry.nodes) {
      const key = node.alias?.value ?? node.name.value;
      byKey.set(key, [...(byKey.get(key) ?? []), node]);
    }
    const keys = [...byKey].map(([key, keyNodes]) => ({
      key,
      shape: relation ? shapeOf(keyNodes, relation, info) : (new Map() as Shape),
    }));
    shape.set(field, keys);
  }
  return shape;
}

/**
 * Serves the rows of a compiled read as the field guard would have left them: each type's fields decided
 * once, each row's withheld fields null and refused, masked ones in their declared form, reads recorded,
 * relations likewise, and every object marked as decided.
 */
export class RowServer {
  private readonly recordings = new Map<NodePlan, RowRecording>();

  constructor(private readonly recording: Omit<RowRecording, 'explanation'>) {}

  /** `places` are asked for only when a masked field needs its paths, or a relation its own places. */
  serve(plan: NodePlan, row: Row, places: () => Place[]): object {
    for (const column of plan.columns) {
      const value = row[column.field];
      if (column.date && value !== null && value !== undefined) row[column.field] = new Date(value as number);
    }
    const paths = (field: string) =>
      places().flatMap(({ at, shape }) => (shape.get(field) ?? []).map(({ key }) => `${at}.${key}`));
    decideRow(plan.type, row.id, row, plan.fields, this.recordingOf(plan), paths);
    for (const { field, link, node } of plan.relations) {
      const under = (index: number | null) =>
        once(() =>
          places().flatMap(({ at, shape }) =>
            (shape.get(field) ?? []).map((entry) => ({
              at: index === null ? `${at}.${entry.key}` : `${at}.${entry.key}.${index}`,
              shape: entry.shape,
            })),
          ),
        );
      const value = row[field] as Row | Row[] | null;
      if (link.kind === 'one') row[field] = value ? this.serve(node, value as Row, under(null)) : null;
      else row[field] = (value as Row[]).map((item, index) => this.serve(node, item, under(index)));
    }
    row.id = toGlobalId(plan.type, row.id) as never;
    return decided(row);
  }

  private recordingOf(plan: NodePlan): RowRecording {
    let recording = this.recordings.get(plan);
    if (!recording) {
      recording = { ...this.recording, explanation: plan.explanation };
      this.recordings.set(plan, recording);
    }
    return recording;
  }
}
