// The layering is enforced by `npm run lint` (eslint.config.mjs): these imports must fail it.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint();

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('src/workspace may not import src/ui', async () => {
  const errors = await importErrors('src/workspace/example.ts', "import type { Transcript } from '../ui/transcript';\nexport type T = Transcript;\n");
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /No import from workspace to ui/);
  assert.deepEqual(await importErrors('src/workspace/example.ts', "import type { HunkView } from '../protocol';\nexport type T = HunkView;\n"), []);
});

test('src/edits and src/backend import neither vscode nor the ui/workspace layers', async () => {
  assert.equal((await importErrors('src/edits/example.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1);
  assert.equal((await importErrors('src/backend/example.ts', "import { ProposalStore } from '../workspace/proposals';\nexport const p = ProposalStore;\n")).length, 1);
  assert.equal((await importErrors('src/backend/example.ts', "import { Chat } from '../ui/chat';\nexport const c = Chat;\n")).length, 1);
});

test('the webview imports only the shared protocol from the host', async () => {
  assert.deepEqual(await importErrors('webview/example.ts', "import type { HostToWebview } from '../src/protocol';\nexport type M = HostToWebview;\n"), []);
  assert.equal((await importErrors('webview/example.ts', "import { readSettings } from '../src/config';\nexport const r = readSettings;\n")).length, 1);
  assert.equal((await importErrors('webview/example.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1);
});
