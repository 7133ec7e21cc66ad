// Runs the integration suite inside a real VS Code extension host: code-server here (the
// @vscode/test-electron contract through the URL payload; see test/run-electron.mjs for desktop VS Code).
import { join } from 'node:path';
import { runExtensionTests } from '../harness/extensionTests';
import { ensureCodex } from '../harness/codex';
import { repoRoot } from '../harness/provision';

// The Codex provider's tests run the pinned codex CLI (installed into the test cache on first use).
void ensureCodex().then((codex) => runExtensionTests({
  extensionDevelopmentPath: repoRoot,
  extensionTestsPath: join(repoRoot, 'out', 'test', 'integration', 'index.js'),
  workspace: join(repoRoot, 'test', 'sample-workspace'),
  // the suite must not depend on a real backend from the developer's environment;
  // FLOWPAIR_TEST_GREP runs only the tests whose full title matches (while developing one)
  env: { OPENAI_API_KEY: '', OPENAI_BASE_URL: '', FLOWPAIR_TEST_CODEX: codex, FLOWPAIR_TEST_GREP: process.env.FLOWPAIR_TEST_GREP ?? '' },
})).then((code) => process.exit(code));
