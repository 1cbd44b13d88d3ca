import {
  getNamedType,
  GraphQLField,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from 'graphql';

/** Page size of every list the matrix opens: small pages keep the run short, several rows still come. */
export const PAGE = 2;

export const isNode = (type: GraphQLNamedType): type is GraphQLObjectType =>
  isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node');

export function nodeTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  return Object.values(schema.getTypeMap())
    .filter(isNode)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Arguments the matrix passes: a small page where a field pages; a field needing anything else is skipped. */
function argumentsOf(field: GraphQLField<unknown, unknown>): string | null {
  const given: string[] = [];
  for (const arg of field.args) {
    if (arg.name === 'first') given.push(`first: ${PAGE}`);
    else if (isNonNullType(arg.type) && arg.defaultValue === undefined) return null;
  }
  return given.length > 0 ? `(${given.join(', ')})` : '';
}

/**
 * Objects that are not Node types but carry values decided elsewhere: the history's field changes take the
 * tiers of the live fields they were taken from, which the history tests check.
 */
const NOT_WALKED = new Set(['FieldChange']);

/** The Node type a field leads to (directly or as a list), if any. */
export function relationTarget(field: GraphQLField<unknown, unknown>): GraphQLObjectType | null {
  const named = getNamedType(field.type);
  if (isNode(named)) return named;
  if (NOT_WALKED.has(named.name)) return null;
  if (isObjectType(named) || isInterfaceType(named))
    throw new Error(`${field.name} leads to ${named.name}, a type the matrix does not know how to walk`);
  return null;
}

/**
 * Every field of a Node type, with `__typename` and `id`, and every relation to another Node type walked
 * down to `depth` more levels. `paths` collects each relation path walked, for the probe count.
 */
export function selectionOf(type: GraphQLObjectType, depth: number, paths: string[] = [], prefix = type.name): string {
  const parts = ['__typename', 'id'];
  for (const field of Object.values(type.getFields())) {
    if (field.name === 'id') continue;
    const args = argumentsOf(field);
    if (args === null) continue;
    if (isLeafType(getNamedType(field.type))) {
      parts.push(`${field.name}${args}`);
      continue;
    }
    const target = relationTarget(field);
    if (!target || depth === 0) continue;
    const path = `${prefix}.${field.name}`;
    paths.push(path);
    parts.push(`${field.name}${args} { ${selectionOf(target, depth - 1, paths, path)} }`);
  }
  return parts.join(' ');
}

/** A root field the matrix opens: a list or connection of Node objects, or one Node object, without ids to give. */
export interface RootProbe {
  field: string;
  type: GraphQLObjectType;
  connection: boolean;
  args: string;
}

export function rootProbes(schema: GraphQLSchema, skipped: Record<string, string>): RootProbe[] {
  const probes: RootProbe[] = [];
  for (const field of Object.values(schema.getQueryType()!.getFields())) {
    if (field.name in skipped) continue;
    const args = argumentsOf(field);
    const named = getNamedType(field.type);
    const nodes = isObjectType(named) ? named.getFields().nodes : undefined;
    const connectionOf = nodes ? getNamedType(nodes.type) : undefined;
    if (args !== null && isNode(named)) probes.push({ field: field.name, type: named, connection: false, args });
    else if (args !== null && connectionOf && isNode(connectionOf))
      probes.push({ field: field.name, type: connectionOf, connection: true, args });
    else throw new Error(`Query.${field.name} is neither probed by the matrix nor listed as skipped`);
  }
  return probes;
}
