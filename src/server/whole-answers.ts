import {
  defaultFieldResolver,
  FieldNode,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLResolveInfo,
  GraphQLSchema,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';
import { DECIDED, decided } from '../policy/compiled-read';

/**
 * A top-level field whose resolver returns a tree decided by a compiled read (every object in it marked
 * decided, every field already masked and recorded) gets its answer built here in one walk of the selection,
 * instead of graphql-js resolving each field of each row. The walk is graphql-js's own completion, cut down
 * to what such a tree can hold: the same field collection (fragments, aliases, @skip/@include), the same
 * scalar serialization, `__typename`. Anything else (a null where the schema forbids one, a scalar that does
 * not serialize, an object not decided, an abstract type) and it steps aside: graphql-js completes the tree
 * as usual, errors and all. graphql-js is then given a stand-in with every list empty, and the answer built
 * here takes its place in the response just before it is sent.
 */

/** The answers built whole in one request, by top-level response key; only requests that splice them. */
const answersOf = new WeakMap<object, Map<string, unknown>>();

/** The request's answers built whole will be spliced into its response (the HTTP pipeline does). */
export function collectWholeAnswers(context: object): void {
  answersOf.set(context, new Map());
}

/**
 * Puts each answer built whole at its place in the response's data (absent when the data was nulled), and
 * says which top-level fields were so answered.
 */
export function spliceWholeAnswers(context: object, data: Record<string, unknown> | null | undefined): string[] {
  const answers = answersOf.get(context);
  if (!answers || !data) return [];
  const spliced: string[] = [];
  for (const [key, answer] of answers) {
    if (!(key in data)) continue;
    data[key] = answer;
    spliced.push(key);
  }
  return spliced;
}

/** Wraps every query field: a decided result is answered whole when the request splices such answers. */
export function answerDecidedTreesWhole(schema: GraphQLSchema): void {
  const query = schema.getQueryType();
  for (const field of Object.values(query?.getFields() ?? {})) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (root, args, context: object, info) => {
      const result: unknown = resolve(root, args, context, info);
      return result instanceof Promise
        ? result.then((value: unknown) => wholeOrAsIs(value, context, info))
        : wholeOrAsIs(result, context, info);
    };
  }
}

function wholeOrAsIs(value: unknown, context: object, info: GraphQLResolveInfo): unknown {
  const answers = answersOf.get(context);
  if (!answers || !isDecided(value)) return value;
  const whole = complete(info.returnType, info.fieldNodes, value, { info, subfields: new Map() });
  if (whole === DECLINED) return value;
  answers.set(String(info.path.key), whole);
  return standIn(value);
}

function isDecided(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && DECIDED in value;
}

/** The tree with every list emptied: graphql-js completes it in a few steps, and it is replaced anyway. */
function standIn(value: Record<string, unknown>): object {
  const copy: Record<string, unknown> = { ...value };
  for (const key of Object.keys(copy)) if (Array.isArray(copy[key])) copy[key] = [];
  return decided(copy);
}

const DECLINED = Symbol('not answered whole');

interface Walk {
  info: GraphQLResolveInfo;
  /** Each object type's collected fields under the same field nodes: collected once for all its rows. */
  subfields: Map<GraphQLObjectType, Map<readonly FieldNode[], Map<string, readonly FieldNode[]>>>;
}

function complete(type: GraphQLOutputType, nodes: readonly FieldNode[], value: unknown, walk: Walk): unknown {
  if (isNonNullType(type))
    return value === null || value === undefined ? DECLINED : complete(type.ofType, nodes, value, walk);
  if (value === null || value === undefined) return null;
  if (isListType(type)) {
    if (!Array.isArray(value)) return DECLINED;
    const items = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) {
      const item = complete(type.ofType, nodes, value[index], walk);
      if (item === DECLINED) return DECLINED;
      items[index] = item;
    }
    return items;
  }
  if (isLeafType(type)) return serialized(type, value);
  if (!isObjectType(type) || type.isTypeOf || !isDecided(value)) return DECLINED;
  return completeObject(type, nodes, value, walk);
}

function serialized(type: { serialize(value: unknown): unknown }, value: unknown): unknown {
  try {
    const result = type.serialize(value);
    return result === null || result === undefined ? DECLINED : result;
  } catch {
    return DECLINED;
  }
}

function completeObject(
  type: GraphQLObjectType,
  nodes: readonly FieldNode[],
  value: Record<string, unknown>,
  walk: Walk,
): unknown {
  const fields = type.getFields();
  const answer: Record<string, unknown> = {};
  for (const [key, fieldNodes] of subfieldsOf(type, nodes, walk)) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') {
      answer[key] = type.name;
      continue;
    }
    const field = fields[name];
    const completed = field ? complete(field.type, fieldNodes, value[name], walk) : DECLINED;
    if (completed === DECLINED) return DECLINED;
    answer[key] = completed;
  }
  return answer;
}

function subfieldsOf(
  type: GraphQLObjectType,
  nodes: readonly FieldNode[],
  walk: Walk,
): Map<string, readonly FieldNode[]> {
  let byNodes = walk.subfields.get(type);
  if (!byNodes) walk.subfields.set(type, (byNodes = new Map()));
  const kept = byNodes.get(nodes);
  if (kept) return kept;
  const { schema, fragments, variableValues } = walk.info;
  const collected = collectSubfields(schema, fragments, variableValues, type, nodes);
  byNodes.set(nodes, collected);
  return collected;
}
