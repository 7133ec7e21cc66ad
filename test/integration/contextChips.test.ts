// The composer's chips in the real extension host: they follow the active editor while a linter
// streams diagnostics on it without a pause (no quiet window to wait for), and the problems still
// reach their own chip.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ContextView } from '../../src/protocol';
import { ComposerContext } from '../../src/workspace/composerContext';
import { waitFor, workspaceFolder } from './util';

suite('context chips', () => {
  let dir = '';
  const uriOf = (name: string) => vscode.Uri.joinPath(workspaceFolder(), dir, name);

  setup(async () => {
    dir = `flowpair-chips-${Date.now().toString(36)}`;
    for (const name of ['a.ts', 'b.ts']) await vscode.workspace.fs.writeFile(uriOf(name), new TextEncoder().encode(`export const ${name[0]} = 1;\n`));
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceFolder(), dir), { recursive: true, useTrash: false });
  });

  test('the chips follow the active editor while a linter streams diagnostics on it without a pause', async () => {
    let latest: ContextView | undefined;
    const context = new ComposerContext({
      onChange: (view) => (latest = view),
      budget: () => ({ model: 'm', limitTokens: 128_000, instructionTokens: 0, historyTokens: 0 }),
    });
    const lint = vscode.languages.createDiagnosticCollection('flowpair-test-lint');
    let published = 0;
    // like a linter or tsc --watch on a big repository: a new problem list for the active file every few ms
    const stream = setInterval(() => {
      const uri = vscode.window.activeTextEditor?.document.uri;
      if (uri) lint.set(uri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 6), `lint ${++published}`, vscode.DiagnosticSeverity.Warning)]);
    }, 5);
    const labels = () => latest?.chips.map((c) => c.label) ?? [];
    try {
      for (const name of ['a.ts', 'b.ts', 'a.ts', 'b.ts']) {
        const path = `${dir}/${name}`;
        await vscode.window.showTextDocument(uriOf(name));
        await waitFor(`the chip of ${path} (shown: ${labels().join(', ')})`, () => labels()[0] === path);
        await waitFor(`the problems chip of ${path}`, () => labels().includes(`1 problem in ${path}`));
      }
      assert.ok(published > 0);
    } finally {
      clearInterval(stream);
      lint.dispose();
      context.dispose();
    }
  });
});
