// The dependency rules of the tree (README, "Layout"): a shared core that imports neither side,
// the ingestion pipeline and the web app each importing only the core, and the CLIs as the only
// place that wires both. `npm run lint:deps` checks them in CI; type-only imports count too.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-shared',
      comment: 'src/core is shared by ingestion and the portal: it imports neither of them, nor the CLIs.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(ingest|src/web|src/cli)/' },
    },
    {
      name: 'ingest-uses-core-only',
      comment: 'The pipeline imports the core, never the web app or the CLIs.',
      severity: 'error',
      from: { path: '^ingest/' },
      to: { path: '^(src/web|src/cli)/' },
    },
    {
      name: 'web-uses-core-only',
      comment: 'The portal imports the core, never the pipeline (the theme classifier, jieba keywords) or the CLIs.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^(ingest|src/cli)/' },
    },
    {
      name: 'routes-do-not-import-the-app',
      comment: 'A router declares the deps it needs; the app imports the routers, not the other way round.',
      severity: 'error',
      from: { path: '^src/web/routes/' },
      to: { path: '^src/web/app\\.ts$' },
    },
    {
      name: 'no-product-code-imports-tests-or-bench',
      severity: 'error',
      from: { path: '^(src|ingest)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-circular',
      comment: 'No cycles between modules (so none between folders either).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-root-is-a-leaf',
      comment: "The files directly in src/core (config, errors, vocabulary, …) are what its sub-folders build on; importing a sub-folder back would make a folder cycle (the folder-scope rule does not see parent ⇄ child).",
      severity: 'error',
      from: { path: '^src/core/[^/]+\\.ts$' },
      to: { path: '^src/core/[^/]+/' },
    },
    {
      name: 'web-subfolders-do-not-import-the-web-root',
      comment: 'src/web/app.ts composes the sub-folders; they never import it (parent ⇄ child folder cycle).',
      severity: 'error',
      from: { path: '^src/web/[^/]+/' },
      to: { path: '^src/web/[^/]+\\.ts$' },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No cycles between folders either (src/web/routes ⇄ src/web/services would be one).',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too: a type from the other side couples the two as surely.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
