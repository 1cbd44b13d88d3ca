import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/** The fields selected on one object, by field name, each with the response keys (aliases) it answers under. */
export type Selected = Map<string, { keys: string[]; nodes: FieldNode[] }>;

/**
 * The plain selection on one object type: fields without arguments or directives, fragments of that type
 * flattened in. Null when anything else is asked (a directive, an argument, a fragment on another type): a
 * compiled read serves only what it understands completely.
 */
export function plainSelection(
  set: SelectionSetNode | undefined,
  typeName: string,
  fragments: Record<string, FragmentDefinitionNode>,
  into: Selected = new Map(),
): Selected | null {
  if (!set) return into;
  for (const selection of set.selections) {
    if (selection.directives?.length) return null;
    if (selection.kind === 'Field') {
      if (selection.arguments?.length) return null;
      const key = selection.alias?.value ?? selection.name.value;
      const entry = into.get(selection.name.value) ?? { keys: [], nodes: [] };
      if (!entry.keys.includes(key)) entry.keys.push(key);
      entry.nodes.push(selection);
      into.set(selection.name.value, entry);
      continue;
    }
    const fragment = selection.kind === 'FragmentSpread' ? fragments[selection.name.value] : selection;
    if (!fragment || (fragment.typeCondition && fragment.typeCondition.name.value !== typeName)) return null;
    if (!plainSelection(fragment.selectionSet, typeName, fragments, into)) return null;
  }
  return into;
}

/** The merged plain selection of a field's sub-selections (the same field may be selected several times). */
export function subSelection(
  entry: { nodes: FieldNode[] } | undefined,
  typeName: string,
  info: GraphQLResolveInfo,
): Selected | null {
  const into: Selected = new Map();
  for (const node of entry?.nodes ?? []) {
    if (!plainSelection(node.selectionSet, typeName, info.fragments, into)) return null;
  }
  return into;
}

/** Only these fields (and __typename, which GraphQL answers itself) are asked. */
export function onlyFields(selected: Selected, allowed: Iterable<string>): boolean {
  const names = new Set(allowed);
  return [...selected.keys()].every((name) => name === '__typename' || names.has(name));
}
