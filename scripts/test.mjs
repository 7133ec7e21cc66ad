// `npm test`: type-check, lint, build, then unit (plain Node), integration (inside a real VS Code extension
// host: code-server) and e2e (code-server + headless Chromium). `node scripts/test.mjs unit|integration|e2e`
// runs one layer. Runs under Node >= 22 (scripts/with-node.mjs); code-server and Chromium are
// provisioned on first use into .vscode-test/ (test/harness/provision.ts).
// Ends with a plain "N passed, M failed" line counting tests over all layers.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const only = process.argv[2];
const LAYERS = ['unit', 'integration', 'e2e'];
if (only && !LAYERS.includes(only)) {
  console.error(`unknown layer "${only}": use one of ${LAYERS.join(', ')}`);
  process.exit(2);
}

const node = process.execPath;
const tmp = join(root, '.vscode-test', 'tmp');
mkdirSync(tmp, { recursive: true });
const tsx = ['--import', 'tsx'];
const steps = [
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '--noEmit', '-p', '.'], gate: true },
  { name: 'typecheck webview', cmd: 'npx', args: ['tsc', '--noEmit', '-p', 'webview'], gate: true },
  { name: 'typecheck e2e', cmd: 'npx', args: ['tsc', '--noEmit', '-p', 'test/e2e'], gate: true },
  { name: 'lint', cmd: node, args: ['node_modules/eslint/bin/eslint.js', '.'], gate: true },
  { name: 'build', cmd: node, args: ['esbuild.mjs'], gate: true },
  { name: 'unit', cmd: node, args: [...tsx, '--test', '--test-reporter=spec', 'test/unit/**/*.test.ts'], count: countNodeTest },
  { name: 'integration', cmd: node, args: [...tsx, 'test/integration/run.ts'], count: countMocha },
  { name: 'e2e', cmd: node, args: [...tsx, '--test', '--test-concurrency=1', '--test-reporter=spec', 'test/e2e/**/*.test.ts'], count: countNodeTest },
].filter((s) => !only || s.gate || s.name === only);

function run(step) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n━━ ${step.name} ━━ ${[step.cmd === node ? 'node' : step.cmd, ...step.args].join(' ')}`);
    // Temp files (Playwright's, Chromium's) stay in the git-ignored cache, not in /tmp.
    const child = spawn(step.cmd, step.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: tmp } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('close', (code) => resolve({ code: code ?? 1, out, seconds: (Date.now() - started) / 1000 }));
  });
}

function countNodeTest(out) {
  const pass = Number(out.match(/^ℹ pass (\d+)/m)?.[1] ?? 0);
  const fail = Number(out.match(/^ℹ fail (\d+)/m)?.[1] ?? 0);
  return { pass, fail };
}

function countMocha(out) {
  const pass = Number(out.match(/(\d+) passing/)?.[1] ?? 0);
  const fail = Number(out.match(/(\d+) failing/)?.[1] ?? 0);
  return { pass, fail };
}

const results = [];
let passed = 0;
let failed = 0;
for (const step of steps) {
  const r = await run(step);
  results.push({ name: step.name, ok: r.code === 0, seconds: r.seconds });
  if (step.count) {
    const c = step.count(r.out);
    passed += c.pass;
    // a layer that failed without reporting a failing test (crash, timeout) still counts as one
    failed += c.fail || (r.code === 0 ? 0 : 1);
  }
  if (r.code !== 0 && step.gate) break;
}

console.log('\n━━ summary ━━');
for (const r of results) console.log(`${r.ok ? '✔' : '✖'} ${r.name.padEnd(18)} ${r.seconds.toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
