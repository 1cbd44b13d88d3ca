import fs from 'node:fs';
import { parse, print, visit } from 'graphql';
import { schemaText, SCHEMA_FILE } from '../../src/cli/print-schema';

/** The SDL without descriptions, so that a signature reads on one line whatever its arguments say. */
function withoutDescriptions(text: string): string {
  return print(
    visit(parse(text), { enter: (node) => ('description' in node ? { ...node, description: undefined } : undefined) }),
  );
}

describe('schema/schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema` after changing the API)', async () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(await schemaText());
  });

  it('has the stable names clients rely on', async () => {
    const text = withoutDescriptions(await schemaText());
    for (const name of [
      'me: User!',
      'node(id: ID!): Node!',
      'grids(',
      'grid(id: ID!)',
      'residents(',
      'resident(id: ID!)',
      'cases(',
      'case(id: ID!)',
      'workers(',
      'worker(id: ID!)',
      'login(',
    ]) {
      expect(text).toContain(name);
    }
  });
});
