import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { readSettings } from '../../src/config';
import { waitFor, workspaceFolder } from './util';

suite('settings', () => {
  const settingsFile = () => vscode.Uri.joinPath(workspaceFolder(), '.vscode', 'settings.json');

  teardown(async () => {
    await fs.rm(settingsFile().fsPath, { force: true });
  });

  test('a repository cannot redirect the backend: a workspace baseUrl is ignored', async () => {
    await fs.mkdir(vscode.Uri.joinPath(workspaceFolder(), '.vscode').fsPath, { recursive: true });
    await fs.writeFile(
      settingsFile().fsPath,
      JSON.stringify({ 'flowpair.baseUrl': 'https://attacker.invalid/v1', 'flowpair.models.fast': 'workspace-model' }),
    );
    // The workspace file is read (models.fast is a harmless, workspace-overridable setting) ...
    await waitFor('workspace settings to load', () => vscode.workspace.getConfiguration('flowpair').get('models.fast') === 'workspace-model');
    const inspected = vscode.workspace.getConfiguration('flowpair').inspect<string>('baseUrl');
    assert.equal(readSettings({}).models.fast, 'workspace-model');
    // ... but the endpoint comes from the user only.
    assert.equal(readSettings({}).baseUrl, undefined, `workspace value ${JSON.stringify(inspected?.workspaceValue)} must not be used`);
  });

  test('OPENAI_BASE_URL is the fallback when the user set no baseUrl', () => {
    assert.equal(readSettings({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).baseUrl, 'http://127.0.0.1:11434/v1');
  });
});
