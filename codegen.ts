import type { CodegenConfig } from '@graphql-codegen/cli';
import type { CodegenPlugin } from '@graphql-codegen/plugin-helpers';
import { Kind, type DefinitionNode, type FragmentDefinitionNode, visit } from 'graphql';
import { hashOf, printTrusted } from './src/common/trusted-documents';

/**
 * The manifest of trusted documents (TRUSTED_DOCUMENTS): each operation with the fragments it spreads,
 * printed as the server compares it, keyed by the SHA-256 of that text.
 */
const trustedDocuments: CodegenPlugin = {
  plugin: (_schema, files) => {
    const definitions = files.flatMap((file) => file.document?.definitions ?? []);
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const node of definitions) if (node.kind === Kind.FRAGMENT_DEFINITION) fragments.set(node.name.value, node);
    const manifest: Record<string, string> = {};
    for (const operation of definitions) {
      if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
      const text = printTrusted({ kind: Kind.DOCUMENT, definitions: [operation, ...spreadIn(operation, fragments)] });
      manifest[hashOf(text)] = text;
    }
    const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
    return `${JSON.stringify(sorted, null, 2)}\n`;
  },
};

function spreadIn(root: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const walk = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (!fragment || found.has(fragment.name.value)) return;
        found.set(fragment.name.value, fragment);
        walk(fragment);
      },
    });
  walk(root);
  return [...found.values()];
}

/** Typed documents for the operations the tests (and clients) send, checked against the committed schema. */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/operations/**/*.graphql'],
  pluginLoader: async (name: string) => (name === 'trusted-documents' ? trustedDocuments : import(name)),
  generates: {
    'test/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        enumsAsTypes: true,
        avoidOptionals: false,
        scalars: { DateTimeISO: 'string', JSONObject: 'Record<string, unknown>', JSON: 'unknown' },
      },
    },
    'schema/trusted-documents.json': { plugins: ['trusted-documents'] },
  },
};

export default config;
