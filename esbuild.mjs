// Builds the three bundles Flowpair ships or tests with:
//   dist/extension.js   Node extension host, CommonJS, `vscode` external
//   dist/webview.js|css composer UI for the webview (browser, IIFE)
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

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode'],
    // openai and ws are loaded lazily by the backend; keep them in the bundle as separate code the
    // host reaches only through dynamic import() → require at first warm-up.
    mainFields: ['module', 'main'],
  },
  {
    ...common,
    entryPoints: { webview: 'webview/main.ts' },
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
