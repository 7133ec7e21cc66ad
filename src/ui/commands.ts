import * as vscode from 'vscode';
import { API_KEY_SECRET } from '../config';

/** "Flowpair: Set API Key": stores the key in SecretStorage only. Returns whether a key was stored. */
export async function setApiKey(secrets: vscode.SecretStorage): Promise<boolean> {
  const key = await vscode.window.showInputBox({
    title: 'Flowpair: Set API Key',
    prompt: 'Stored in VS Code SecretStorage; never written to settings, logs or the composer. Leave empty to remove it.',
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'sk-…',
  });
  if (key === undefined) return false;
  if (key.trim() === '') {
    await secrets.delete(API_KEY_SECRET);
    void vscode.window.showInformationMessage('Flowpair: API key removed.');
    return false;
  }
  await secrets.store(API_KEY_SECRET, key.trim());
  void vscode.window.showInformationMessage('Flowpair: API key stored.');
  return true;
}

/** "Flowpair: Set Base URL": user-level setting (application scope), validated as http(s). */
export async function setBaseUrl(): Promise<void> {
  const current = vscode.workspace.getConfiguration('flowpair').inspect<string>('baseUrl')?.globalValue ?? '';
  const value = await vscode.window.showInputBox({
    title: 'Flowpair: Set Base URL',
    prompt: 'An OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (Ollama). Empty = OpenAI.',
    value: current,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' || isHttpUrl(v.trim()) ? undefined : 'Enter an http:// or https:// URL'),
  });
  if (value === undefined) return;
  await vscode.workspace.getConfiguration('flowpair').update('baseUrl', value.trim() || undefined, vscode.ConfigurationTarget.Global);
}

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
