// The Codex provider's account commands: "Sign in with ChatGPT" runs the app-server's browser login
// (open the URL it gives, progress until it reports completion, say so) and "Sign Out of ChatGPT".
import * as vscode from 'vscode';
import * as notify from '../notify';
import type { CodexBackend } from '../backend';

/** Runs the ChatGPT browser sign-in; resolves true when signed in. */
export async function signInWithChatGpt(codex: CodexBackend): Promise<boolean> {
  let login: Awaited<ReturnType<CodexBackend['login']>>;
  try {
    login = await codex.login();
  } catch (error) {
    void notify.error(`Flowpair: could not start the ChatGPT sign-in: ${message(error)}`);
    return false;
  }
  // The URL comes from the local app-server; open only a web page (http only on this machine), never another scheme.
  const url = vscode.Uri.parse(login.authUrl, true);
  if (!isWebPage(url)) {
    login.cancel();
    void notify.error(`Flowpair: the Codex app-server gave a sign-in address that is not an https page (${url.scheme}:); not opened.`);
    return false;
  }
  await vscode.env.openExternal(url);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Flowpair: finish signing in with ChatGPT in your browser…', cancellable: true },
    async (_progress, token) => {
      const cancel = token.onCancellationRequested(() => login.cancel());
      try {
        await login.completed;
        void notify.info('Flowpair: signed in with ChatGPT. Codex models are ready in the composer.');
        return true;
      } catch (error) {
        if (token.isCancellationRequested) void notify.info('Flowpair: ChatGPT sign-in cancelled.');
        else void notify.error(`Flowpair: ${message(error)}`);
        return false;
      } finally {
        cancel.dispose();
      }
    },
  );
}

/** Signs Codex in with an OpenAI API key, which goes to Codex's own auth store (Flowpair keeps no copy). */
export async function signInToCodexWithApiKey(codex: CodexBackend): Promise<boolean> {
  const apiKey = await vscode.window.showInputBox({
    title: 'Flowpair: Sign in to Codex with an API Key',
    prompt: 'An OpenAI API key for Codex. Codex stores it with its own sign-in (as `codex login --with-api-key` does).',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Enter an API key.'),
  });
  if (!apiKey?.trim()) return false;
  try {
    await codex.loginWithApiKey(apiKey.trim());
    void notify.info('Flowpair: signed in to Codex with an API key. Codex models are ready in the composer.');
    return true;
  } catch (error) {
    void notify.error(`Flowpair: Codex did not accept the API key: ${message(error)}`);
    return false;
  }
}

export async function signOutOfChatGpt(codex: CodexBackend): Promise<void> {
  try {
    await codex.logout();
    void notify.info('Flowpair: signed out of ChatGPT.');
  } catch (error) {
    void notify.error(`Flowpair: could not sign out: ${message(error)}`);
  }
}

function isWebPage(url: vscode.Uri): boolean {
  const host = url.authority.replace(/:\d+$/, '');
  return url.scheme === 'https' || (url.scheme === 'http' && ['127.0.0.1', 'localhost', '[::1]'].includes(host));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const INSTALL_COMMAND = 'npm install -g @openai/codex';

/** "How to Install Codex": the command to run, or point Flowpair at an existing `codex`. */
export async function showCodexInstall(): Promise<void> {
  const copy = 'Copy Install Command';
  const setPath = 'Set Codex Path…';
  const picked = await notify.info(
    `Flowpair's Codex provider runs the Codex CLI (\`codex app-server\`). Install it with \`${INSTALL_COMMAND}\`, then sign in with ChatGPT — or set flowpair.codex.path to an existing codex executable.`,
    copy,
    setPath,
  );
  if (picked === copy) await vscode.env.clipboard.writeText(INSTALL_COMMAND);
  if (picked === setPath) await setCodexPath();
}

async function setCodexPath(): Promise<void> {
  const [file] = (await vscode.window.showOpenDialog({ title: 'Flowpair: the codex executable', canSelectMany: false, canSelectFolders: false })) ?? [];
  if (!file) return;
  await vscode.workspace.getConfiguration('flowpair').update('codex.path', file.fsPath, vscode.ConfigurationTarget.Global);
}

type ProviderItem = vscode.QuickPickItem & { provider: 'openai' | 'codex' };

/** "Select Provider…": the OpenAI-compatible backend (API key) or Codex (ChatGPT sign-in). */
export async function selectProvider(current: 'openai' | 'codex'): Promise<'openai' | 'codex' | undefined> {
  const items: ProviderItem[] = [
    { provider: 'openai', label: 'OpenAI-compatible (API key)', description: 'OpenAI API, Ollama, LM Studio, vLLM, any /v1 server' },
    { provider: 'codex', label: 'Codex (ChatGPT sign-in)', description: 'through the local codex app-server; GPT-5.3-Codex-Spark on ChatGPT Pro' },
  ].map((item) => ({ ...item, label: `${item.provider === current ? '$(check)' : '$(blank)'} ${item.label}` }) as ProviderItem);
  const picked = await vscode.window.showQuickPick(items, { title: 'Flowpair: Select Provider' });
  if (!picked) return undefined;
  await vscode.workspace.getConfiguration('flowpair').update('provider', picked.provider, vscode.ConfigurationTarget.Global);
  return picked.provider;
}
