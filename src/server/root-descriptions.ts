import { isEnumType, type GraphQLSchema } from 'graphql';

/** What a client reads beside the root types, which the resolver classes cannot describe themselves. */
const ROOT_DESCRIPTIONS = {
  Query: 'Reads of the grid governance API (网格化治理); each answers only what the post of the caller may see.',
  Mutation: 'Commands of the grid governance API: case workflow, delegations, emergency access and legal holds.',
  Subscription: 'Live events over WebSocket (graphql-ws): each event is read through the caller’s policy like a query.',
} as const;

/** The posts of contract §4, described where the schema shows them. */
const ROLE_DESCRIPTIONS: Record<string, string> = {
  GRID_WORKER: 'Grid worker (网格员): works in the subtrees of its own grids.',
  GRID_LEADER: 'Grid leader (网格长): heads a level-2 grid and its workers.',
  STREET_ADMIN: 'Street administrator: works in its own level-1 grid (street or town).',
  COMMAND_CENTER: 'Command centre (指挥中心): dispatches and supervises escalated cases across the district.',
  DISTRICT_ADMIN: 'District administrator: manages users, grids, categories and delegations of the district.',
  DEPARTMENT_OFFICER: 'Officer of a functional department (职能部门): sees only what active delegations grant.',
  PRIVACY_OFFICER: 'Privacy officer: reviews the access log and emergency access.',
  RESIDENT: 'Resident (居民): sees their own record and the cases they reported.',
};

/** Describes the root types and the values of the Role enum. */
export function describeRoots(schema: GraphQLSchema): void {
  for (const [name, description] of Object.entries(ROOT_DESCRIPTIONS)) {
    const type = schema.getType(name);
    if (type && !type.description) type.description = description;
  }
  const role = schema.getType('Role');
  if (isEnumType(role)) {
    for (const value of role.getValues()) value.description ??= ROLE_DESCRIPTIONS[value.name];
  }
}
