// The same integration suite through @vscode/test-electron, for machines that can download VS Code
// (it fetches a build from update.code.visualstudio.com into .vscode-test/). Here, offline, npm test
// runs the identical suite inside code-server instead (test/integration/run.ts).
// Usage: npm run build && npm run test:electron
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const workspace = mkdtempSync(join(tmpdir(), 'flowpair-ws-'));
cpSync(join(root, 'test', 'sample-workspace'), workspace, { recursive: true });
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
  });
} catch (e) {
  console.error(`@vscode/test-electron could not run the suite: ${e instanceof Error ? e.message : e}`);
  console.error('Without internet access use `npm run test:integration`, which runs it in code-server.');
  process.exit(1);
}
