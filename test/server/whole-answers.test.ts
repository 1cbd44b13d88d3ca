import { buildSchema, graphql, GraphQLSchema } from 'graphql';
import { decided, serveDecidedObjects } from '../../src/policy/compiled-read';
import { answerDecidedTreesWhole, collectWholeAnswers, spliceWholeAnswers } from '../../src/server/whole-answers';

/** A connection as a compiled read leaves it: every object decided, values as the resolvers would give them. */
function schemaServing(page: () => unknown): GraphQLSchema {
  const schema = buildSchema(`
    interface Node { id: ID! }
    type Grid implements Node { id: ID! name: String! }
    type Resident implements Node { id: ID! name: String! phone: String grid: Grid age: Int! }
    type ResidentEdge { node: Resident! cursor: String! }
    type PageInfo { hasNextPage: Boolean! endCursor: String }
    type ResidentConnection { edges: [ResidentEdge!]! nodes: [Resident!]! pageInfo: PageInfo! totalCount: Int! }
    type Query { residents: ResidentConnection! }
  `);
  schema.getQueryType()!.getFields().residents.resolve = async () => page();
  serveDecidedObjects(schema);
  answerDecidedTreesWhole(schema);
  return schema;
}

const resident = (id: number, grid: object | null, fields: object = {}) =>
  decided({ id: `R${id}`, name: `resident ${id}`, phone: null, grid, age: 40 + id, ...fields });

function pageOf(residents: object[]) {
  return decided({
    edges: residents.map((node, index) => decided({ node, cursor: `c${index}` })),
    nodes: residents,
    pageInfo: decided({ hasNextPage: true, endCursor: 'c1' }),
    totalCount: 7,
  });
}

/** The same request answered whole (spliced as the HTTP pipeline does) and by graphql-js alone. */
async function bothWays(schema: GraphQLSchema, source: string, variableValues: Record<string, unknown> = {}) {
  const whole = {};
  collectWholeAnswers(whole);
  const answered = await graphql({ schema, source, variableValues, contextValue: whole });
  const spliced = spliceWholeAnswers(whole, answered.data as Record<string, unknown>);
  const usual = await graphql({ schema, source, variableValues, contextValue: {} });
  return { answered: JSON.parse(JSON.stringify(answered)), usual: JSON.parse(JSON.stringify(usual)), spliced };
}

const QUERY = `
  query Page($withPhone: Boolean!, $skipGrid: Boolean!) {
    list: residents {
      __typename
      totalCount
      pageInfo { endCursor hasNextPage }
      edges { cursor node { ...Shown grid @skip(if: $skipGrid) { __typename name } } }
      nodes { id years: age ... on Resident { name phone @include(if: $withPhone) } }
      again: nodes { id }
    }
  }
  fragment Shown on Resident { id name }
`;

describe('a decided tree answered whole', () => {
  const grid = decided({ id: 'G1', name: 'Grid one' });
  const schema = schemaServing(() => pageOf([resident(1, grid), resident(2, null)]));

  it.each([
    [true, false],
    [false, true],
  ])(
    'gives what graphql-js gives: aliases, fragments, @include %s, @skip %s, __typename',
    async (withPhone, skipGrid) => {
      const { answered, usual, spliced } = await bothWays(schema, QUERY, { withPhone, skipGrid });
      expect(spliced).toEqual(['list']);
      expect(answered).toEqual(usual);
      expect(usual.data.list.edges).toHaveLength(2);
    },
  );

  it('steps aside where the tree breaks the schema, and graphql-js reports it as it always does', async () => {
    const broken = schemaServing(() => pageOf([resident(1, grid, { name: null })]));
    const { answered, usual, spliced } = await bothWays(broken, '{ residents { nodes { id name } } }');
    expect(spliced).toEqual([]);
    expect(answered).toEqual(usual);
    expect(usual.errors[0].message).toMatch(/non-nullable field Resident.name/);
  });

  it('steps aside for an object no compiled read decided, and for a request that does not splice', async () => {
    const plain = schemaServing(() => pageOf([{ id: 'R9', name: 'not decided', age: 1 }]));
    const { answered, usual, spliced } = await bothWays(plain, '{ residents { nodes { id name } } }');
    expect(spliced).toEqual([]);
    expect(answered).toEqual(usual);
    const unspliced = await graphql({ schema, source: '{ residents { totalCount nodes { id } } }', contextValue: {} });
    expect(unspliced.data).toEqual({ residents: { totalCount: 7, nodes: [{ id: 'R1' }, { id: 'R2' }] } });
  });
});
