/**
 * The import rules of the code base (README.md, "Contributing"), checked over the whole dependency graph by
 * `npm run deps:check`. The layers, highest first: src/cli and src/main.ts → src/server → src/modules →
 * src/policy → src/audit → src/db, src/auth → src/common, src/config. A file may import from its own layer
 * and from lower ones. Type-only imports count: a type ties the layers together as much as a value does.
 */
const layers = [
  { name: 'cli', path: '^src/(cli/|main\\.ts$)' },
  { name: 'server', path: '^src/server/' },
  { name: 'modules', path: '^src/modules/' },
  { name: 'policy', path: '^src/policy/' },
  { name: 'audit', path: '^src/audit/' },
  { name: 'db-auth', path: '^src/(db|auth)/' },
  { name: 'common-config', path: '^src/(common|config)/' },
];

const layerRules = layers.slice(1).map((layer, index) => {
  const above = layers.slice(0, index + 1);
  return {
    name: `layer-${layer.name}`,
    comment: `${layer.name} may not import from a higher layer (${above.map((upper) => upper.name).join(', ')}).`,
    severity: 'error',
    from: { path: layer.path },
    to: { path: above.map((upper) => upper.path) },
  };
});

const ENTITY = '^src/modules/.+\\.entity\\.ts$';

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-test-in-app',
      comment: 'The application, its seeds and migrations never import test code.',
      severity: 'error',
      from: { path: '^(src|seeds|migrations)/' },
      to: { path: '^test/' },
    },
    {
      name: 'seeds-only-from-composition',
      comment: 'Only the composition root (src/server/database.ts) may import seeds.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/server/database\\.ts$' },
      to: { path: '^seeds/' },
    },
    {
      name: 'migrations-only-from-composition',
      comment: 'Only the composition root (src/server) and src/cli may import migrations.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(server|cli)/' },
      to: { path: '^migrations/' },
    },
    {
      name: 'migrations-standalone',
      comment: 'Migrations import nothing from src, seeds or test: they must replay unchanged forever.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: '^(src|seeds|test)/' },
    },
    {
      name: 'seeds-below-policy',
      comment:
        'Seeds may import src/modules entities, src/db, src/common, src/auth, src/config and src/policy/masking only.',
      severity: 'error',
      from: { path: '^seeds/' },
      to: {
        path: '^src/',
        pathNot: [ENTITY, '^src/(db|common|auth|config)/', '^src/policy/masking\\.ts$'],
      },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles at run time. Entities reference each other through relations, so a cycle made only ' +
        'of *.entity.ts files under src/modules is the model itself and allowed; any other cycle is not. ' +
        'Type-only imports are erased by the compiler and close no cycle (as for import-x/no-cycle).',
      severity: 'error',
      from: {},
      to: {
        circular: true,
        dependencyTypesNot: ['type-only'],
        via: { pathNot: ENTITY },
        viaOnly: { dependencyTypesNot: ['type-only'] },
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|test/generated)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.d.ts', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
