import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateFlowpair } from './util';

suite('activation', () => {
  test('is lazy: nothing activates Flowpair until one of its events fires', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension present');
    const events: string[] = ext.packageJSON.activationEvents;
    assert.ok(!events.includes('*'), 'no "*" activation');
    assert.ok(!events.includes('onStartupFinished'), 'no startup activation');
  });

  test('opening the composer activates the extension and reports its activation time', async () => {
    await vscode.commands.executeCommand('flowpair.openComposer');
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.equal(ext.isActive, true);
    const api = await activateFlowpair();
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.activationMs > 0);
    console.log(`[metric] activate_ms=${api.activationMs.toFixed(3)}`);
  });

  test('every contributed command is registered and has the Flowpair category', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: { command: string; category?: string }[] = ext.packageJSON.contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributed) {
      assert.ok(registered.has(c.command), `${c.command} is registered`);
      assert.equal(c.category, 'Flowpair', `${c.command} has the Flowpair category`);
    }
  });
});

suite('keybindings', () => {
  test("Flowpair's keys are not taken by any default VS Code keybinding", async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const ours: { key: string; command: string }[] = ext.packageJSON.contributes.keybindings;
    assert.ok(ours.length >= 6, 'hunk review has keybindings');
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc && doc.uri.scheme === 'vscode', `default keybindings open (got ${doc?.uri.toString()})`);
    const defaults = new Map<string, string[]>();
    for (const m of doc.getText().matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)) {
      if (m[2]!.startsWith('flowpair.')) continue; // the file lists extensions' keybindings too
      defaults.set(m[1]!.toLowerCase(), [...(defaults.get(m[1]!.toLowerCase()) ?? []), m[2]!]);
    }
    assert.ok(defaults.size > 100, 'the default keybindings were read');
    const taken = ours.filter(({ key }) => defaults.has(key.toLowerCase())).map(({ key, command }) => `${key} (${command}) is taken by ${defaults.get(key.toLowerCase())!.join(', ')}`);
    assert.deepEqual(taken, []);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
