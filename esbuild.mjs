// Builds the three bundles Flowpair ships or tests with:
//   dist/extension.js   Node extension host, CommonJS, `vscode` external
//   dist/webview.js|css composer UI for the webview (browser, IIFE); dist/toolkit.js its toolkit elements
//   out/test/integration/index.js   the in-host test suite (`extensionTestsPath`)
// `--production` minifies without sourcemaps (packaging); `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  legalComments: production ? 'none' : 'inline',
};

// The backend (openai + ws, ~0.5 MB minified) is its own bundle, dist/backend.js: the extension
// reaches it only through `await import('../backend')`, which this plugin turns into a runtime
// require of the sibling file, so activation never parses it.
/** @type {esbuild.Plugin} */
const lazyBackend = {
  name: 'lazy-backend',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/backend$/ }, (args) => {
      if (args.kind !== 'dynamic-import') {
        throw new Error(`${args.importer}: import the backend with \`await import('../backend')\` so it stays out of activation`);
      }
      return { path: './backend.js', external: true };
    });
  },
};

const node = { ...common, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node22', external: ['vscode'] };

/** @type {esbuild.BuildOptions[]} */
const builds = [
  { ...node, entryPoints: { extension: 'src/extension.ts' }, plugins: [lazyBackend] },
  { ...node, entryPoints: { backend: 'src/backend/index.ts' } },
  {
    ...common,
    // toolkit.js: the toolkit's elements, added by the composer after its first paint (webview/toolkit.ts)
    entryPoints: { webview: 'webview/main.ts', toolkit: 'webview/toolkitDefine.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
];
if (!production) {
  builds.push({
    ...common,
    entryPoints: { index: 'test/integration/index.ts' },
    outdir: 'out/test/integration',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // mocha stays a runtime require: it is resolved from node_modules next to the repo.
    external: ['vscode', 'mocha'],
  });
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
