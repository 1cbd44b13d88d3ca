import fc from 'fast-check';
import {
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
} from 'graphql';

/** A GraphQL request the fuzz sends: an operation on one root field, its variables, sometimes mangled. */
export interface FuzzRequest {
  body: unknown;
  /** For the failure report. */
  field: string;
}

const globalId = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const TYPES = ['Resident', 'Case', 'Grid', 'Worker', 'User', 'Delegation', 'EmergencyAccess', 'LegalHold', 'AccessLog'];

/** Values that broke the service once, given to arguments of any type. */
export function hostileValues(cursors: string[]): fc.Arbitrary<unknown> {
  const [payload, mac] = (cursors[0] ?? 'a.b').split('.');
  return fc.constantFrom<unknown>(
    '\u0000',
    'a\u0000b',
    '',
    'garbage',
    2 ** 31,
    2 ** 53 + 2,
    -1,
    1e308,
    -0.5,
    null,
    [],
    {},
    true,
    { $ne: 1 },
    globalId('Resident:2147483648'),
    globalId('Case:99999999999'),
    globalId('Resident:1\u0000'),
    globalId('Nope:1'),
    `${Buffer.from(JSON.stringify([{ $gt: 0 }, 1])).toString('base64url')}.${mac}`,
    Buffer.from(JSON.stringify([null, 1])).toString('base64url'),
    payload,
    `${cursors[0] ?? ''}x`,
    '0000-01-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '10000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '0000-01-01',
    '2026-02-30',
  );
}

/** A well-shaped value of an input type, drawn from the committed schema. */
function validValue(type: GraphQLInputType, cursors: string[], depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return validValue(type.ofType, cursors, depth);
  if (isListType(type)) return fc.array(validValue(type.ofType, cursors, depth + 1), { maxLength: 3 });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.name));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const field of fields) record[field.name] = valueOf(field.type, cursors, depth + 1);
    const requiredKeys = fields.filter((field) => isNonNullType(field.type)).map((field) => field.name);
    return fc.record(record, { requiredKeys });
  }
  switch (type.name) {
    case 'Int':
      return fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer());
    case 'Float':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'Boolean':
      return fc.boolean();
    case 'ID':
      return fc
        .tuple(fc.constantFrom(...TYPES), fc.integer({ min: 1, max: 400 }))
        .map(([t, n]) => globalId(`${t}:${n}`));
    case 'DateTimeISO':
      return fc
        .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
        .map((date) => date.toISOString());
    case 'JSON':
    case 'JSONObject':
      return fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
    default:
      return fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.constantFrom(...cursors),
      );
  }
}

/** Mostly well shaped, sometimes hostile, at every level of an input. */
function valueOf(type: GraphQLInputType, cursors: string[], depth = 0): fc.Arbitrary<unknown> {
  if (depth > 3) return fc.constant(null);
  return fc.oneof(
    { weight: 3, arbitrary: validValue(type, cursors, depth) },
    { weight: 1, arbitrary: hostileValues(cursors) },
  );
}

/** Leaf fields of a type (and of one level of its objects), so answers run resolvers and the field guard. */
export function selectionOf(type: GraphQLNamedType, depth = 0): string {
  if (isLeafType(type)) return '';
  if (!isObjectType(type) && !isInterfaceType(type)) return '{ __typename }';
  const fields = Object.values((type as GraphQLObjectType).getFields()).filter(
    (field) => !field.args.some(isRequiredArgument),
  );
  const parts = ['__typename'];
  for (const field of fields) {
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (depth < 1 && isObjectType(named)) parts.push(`${field.name} ${selectionOf(named, depth + 1)}`);
  }
  return `{ ${parts.slice(0, 12).join(' ')} }`;
}

function operationOn(
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  cursors: string[],
): fc.Arbitrary<FuzzRequest> {
  const args = fc.subarray([...field.args]).map((optional) => {
    const chosen = new Set([...field.args.filter(isRequiredArgument), ...optional]);
    return field.args.filter((arg) => chosen.has(arg));
  });
  return args.chain((chosen) => {
    const variables: Record<string, fc.Arbitrary<unknown>> = {};
    for (const arg of chosen) variables[arg.name] = valueOf(arg.type, cursors);
    const declared = chosen.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
    const passed = chosen.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
    const query =
      `${kind} Fuzz${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''} ` +
      `${selectionOf(getNamedType(field.type))} }`;
    return fc.record(variables).map((values) => ({ body: { query, variables: values }, field: field.name }));
  });
}

/** Sometimes the request itself is malformed: a truncated document, variables as text, a query that is no string. */
function mangled(request: FuzzRequest): fc.Arbitrary<FuzzRequest> {
  const { query, variables } = request.body as { query: string; variables: unknown };
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant(request) },
    {
      weight: 1,
      arbitrary: fc.nat(query.length).map((cut) => ({ ...request, body: { query: query.slice(0, cut), variables } })),
    },
    { weight: 1, arbitrary: fc.constant({ ...request, body: { query, variables: JSON.stringify(variables) } }) },
    { weight: 1, arbitrary: fc.constant({ ...request, body: { query: 42, variables } }) },
    {
      weight: 1,
      arbitrary: fc.constant({
        ...request,
        body: { query, variables, extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } },
      }),
    },
  );
}

/** Any root field of the schema, with random arguments. */
export function requests(schema: GraphQLSchema, cursors: string[]): fc.Arbitrary<FuzzRequest> {
  const roots: fc.Arbitrary<FuzzRequest>[] = [];
  for (const [kind, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) roots.push(operationOn(kind, field, cursors));
  }
  return fc.oneof(...roots).chain(mangled);
}
