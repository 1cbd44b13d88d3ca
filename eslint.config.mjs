// @ts-check
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The layers, highest first: a file may import from its own layer and the layers below it, never from
 * one above. README.md ("Contributing") lists the same rules; .ci/dependency-cruiser.cjs enforces them too.
 */
const layers = [
  { name: 'cli', paths: ['src/cli', 'src/main.ts'] },
  { name: 'server', paths: ['src/server'] },
  { name: 'modules', paths: ['src/modules'] },
  { name: 'policy', paths: ['src/policy'] },
  { name: 'audit', paths: ['src/audit'] },
  { name: 'db and auth', paths: ['src/db', 'src/auth'] },
  { name: 'common and config', paths: ['src/common', 'src/config'] },
];

const layerZones = layers.slice(1).map((layer, index) => {
  const above = layers.slice(0, index + 1);
  return {
    target: layer.paths,
    from: above.flatMap((upper) => upper.paths),
    message: `Layers: ${layer.paths.join(', ')} (${layer.name}) may not import from a higher layer (${above
      .map((upper) => upper.name)
      .join(', ')}).`,
  };
});

const restrictedPaths = [
  ...layerZones,
  {
    target: 'src',
    from: 'test',
    message: 'Layers: the application never imports test code.',
  },
  {
    target: 'src',
    from: 'seeds',
    message: 'Layers: only the composition root (src/server/database.ts) may import seeds.',
  },
  {
    target: ['src/modules', 'src/policy', 'src/audit', 'src/db', 'src/auth', 'src/common', 'src/config'],
    from: 'migrations',
    message: 'Layers: only the composition root (src/server) and src/cli may import migrations.',
  },
  {
    target: 'migrations',
    from: ['src', 'seeds', 'test'],
    message: 'Layers: migrations import nothing from src, seeds or test; they must replay unchanged forever.',
  },
  {
    target: 'seeds',
    from: ['src/cli', 'src/main.ts', 'src/server', 'src/audit', 'test'],
    message:
      'Layers: seeds may import src/modules entities, src/db, src/common, src/auth, src/config and src/policy/masking only.',
  },
  {
    target: 'seeds',
    from: 'src/modules/**/*',
    except: ['**/*.entity.ts'],
    message: 'Layers: of src/modules, seeds may import entities only.',
  },
  {
    target: 'seeds',
    from: 'src/policy',
    except: ['./masking.ts'],
    message: 'Layers: of src/policy, seeds may import only masking.',
  },
];

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'test/generated/', 'coverage/', '.data/'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.cjs', '**/*.js'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.d.ts', '.js', '.json', '.node'] })],
      'import-x/extensions': ['.ts', '.js', '.mjs', '.cjs'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: restrictedPaths }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'prefer-const': 'error',
    },
  },
  {
    // Entities reference each other through relations (grid ↔ resident ↔ household …); a cycle made only of
    // entity files is the ORM's model, not a layering mistake. A cycle through any other file is still
    // reported, at that file's import.
    files: ['src/modules/**/*.entity.ts'],
    rules: { 'import-x/no-cycle': 'off' },
  },
  {
    // The composition root starts the demo data on first start: the one src file that may import seeds.
    files: ['src/server/database.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { basePath: root, zones: restrictedPaths.filter((zone) => zone.from !== 'seeds') },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
