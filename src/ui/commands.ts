import * as vscode from 'vscode';
import { readSettings, rememberCleartextConsent } from '../config';
import * as notify from '../notify';
import { cleartextWarning, endpointOrigin, isCleartextRemote, keySecretName } from '../security/endpoint';

/**
 * "Flowpair: Set API Key": stores the key in SecretStorage for the current endpoint's origin only (it
 * is never sent to another server). Returns whether a key was stored.
 */
export async function setApiKey(secrets: vscode.SecretStorage, consent: vscode.Memento): Promise<boolean> {
  const settings = readSettings();
  // A key set while `npm start`'s demo backend stands in is for the OpenAI API (the demo needs none).
  const origin = endpointOrigin(settings.demo ? undefined : settings.baseUrl);
  if (origin === undefined) {
    void notify.error('Flowpair: the base URL is not an http:// or https:// URL; fix it with "Flowpair: Set Base URL" first.');
    return false;
  }
  const key = await vscode.window.showInputBox({
    title: `Flowpair: Set API Key for ${origin}`,
    prompt: `Sent only to ${origin}. Stored in VS Code SecretStorage; never written to settings, logs or the composer. Leave empty to remove it.`,
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'sk-…',
  });
  if (key === undefined) return false;
  if (key.trim() === '') {
    await secrets.delete(keySecretName(origin));
    void notify.info(`Flowpair: API key for ${origin} removed.`);
    return false;
  }
  await secrets.store(keySecretName(origin), key.trim());
  void notify.info(`Flowpair: API key stored for ${origin}.`);
  if (isCleartextRemote(origin)) await confirmCleartext(origin, consent);
  return true;
}

/** Asks once per origin whether the key may travel over cleartext http://; the answer is remembered. */
export async function confirmCleartext(origin: string, consent: vscode.Memento): Promise<boolean> {
  const ok = await notify.confirm(
    'Send your API key over unencrypted http://?',
    `${cleartextWarning(origin)} Flowpair remembers your answer for ${origin}; use https:// to avoid the risk.`,
    'Send Key over HTTP',
  );
  if (ok) await rememberCleartextConsent(consent, origin);
  return ok;
}

/** Says that a key is held back from a cleartext origin and offers the confirmation. */
export async function offerCleartext(origin: string, consent: vscode.Memento): Promise<boolean> {
  const action = 'Allow…';
  const picked = await notify.warn(`Flowpair: your API key is not sent to ${origin}: it is plain http:// to another machine.`, action);
  return picked === action && (await confirmCleartext(origin, consent));
}

/**
 * "Use the Backup Model": the user's own backup model (their setting, else the default) becomes their
 * fast model. Only a value the user set is promoted: a repository's `.vscode/settings.json` value
 * copied into user settings would follow the user into every other workspace.
 */
export async function useBackupModel(): Promise<void> {
  const config = vscode.workspace.getConfiguration('flowpair');
  const backup = config.inspect<string>('models.backup');
  const model = backup?.globalValue?.trim() || backup?.defaultValue || 'gpt-5.4-mini';
  await config.update('models.fast', model, vscode.ConfigurationTarget.Global);
  const repository = backup?.workspaceFolderValue ?? backup?.workspaceValue;
  const notCopied = repository !== undefined && repository !== model ? ` This workspace's backup model (${repository}) is not copied into your settings.` : '';
  const fast = config.inspect<string>('models.fast');
  const masked = (fast?.workspaceFolderValue ?? fast?.workspaceValue) !== undefined ? ' This workspace sets its own flowpair.models.fast, which still applies here.' : '';
  void notify.info(`Flowpair: now using ${model} for interactive turns.${notCopied}${masked}`);
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

/** "Flowpair: Use a Local Server…": probes 127.0.0.1 only when asked, then sets the base URL. */
export async function useLocalServer(): Promise<void> {
  const { detectLocalServers } = await import('../backend');
  const servers = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Flowpair: looking for Ollama, LM Studio, vLLM and llama.cpp on 127.0.0.1…' },
    () => detectLocalServers(),
  );
  if (servers.length === 0) {
    const choice = await notify.warn(
      'Flowpair: no local server answered on 127.0.0.1 (Ollama 11434, LM Studio 1234, vLLM 8000, llama.cpp 8080).',
      'Set Base URL…',
    );
    if (choice) await setBaseUrl();
    return;
  }
  const picked = await vscode.window.showQuickPick(
    servers.map((s) => ({
      label: s.preset.label,
      description: s.preset.baseUrl,
      detail: s.models.length ? `${s.models.length} models: ${s.models.slice(0, 5).map((m) => m.id).join(', ')}` : 'no models loaded',
      baseUrl: s.preset.baseUrl,
    })),
    { title: 'Flowpair: Use a Local Server', placeHolder: 'Pick the server to talk to' },
  );
  if (picked) await vscode.workspace.getConfiguration('flowpair').update('baseUrl', picked.baseUrl, vscode.ConfigurationTarget.Global);
}
