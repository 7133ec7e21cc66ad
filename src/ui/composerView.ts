import * as vscode from 'vscode';
import { parseWebviewMessage, type HostToWebview, type WebviewToHost } from '../protocol';

/** What the composer view needs from the rest of the extension. */
export interface ComposerHost {
  /** Called for every valid message from the webview except `ready`/`ping`, which the view answers. */
  onMessage(message: WebviewToHost): void;
  /** The snapshot a freshly created webview starts from. */
  initMessage(): HostToWebview;
  /** The composer became visible: the user's intent to talk, so the backend can warm up. */
  onShown(): void;
  log: vscode.LogOutputChannel;
}

/**
 * The composer WebviewView: owns the HTML shell (strict CSP, nonce, assets only from dist/) and the
 * message channel. Everything it receives is validated before anyone else sees it.
 */
export class ComposerView implements vscode.WebviewViewProvider {
  static readonly viewType = 'flowpair.composer';
  private view: vscode.WebviewView | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly host: ComposerHost) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    view.webview.html = this.html(view.webview, dist);
    view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    view.onDidChangeVisibility(() => view.visible && this.host.onShown());
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
  }

  /** Posts to the webview if it exists; messages to a hidden-and-disposed view are dropped (the host keeps state). */
  post(message: HostToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${ComposerView.viewType}.focus`);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.host.log.warn(`composer: ignored invalid message ${describe(raw)}`);
      return;
    }
    if (message.type === 'ready') {
      this.post(this.host.initMessage());
      this.host.onShown();
    }
    else if (message.type === 'ping') this.post({ type: 'pong', id: message.id });
    else this.host.onMessage(message);
  }

  private html(webview: vscode.Webview, dist: vscode.Uri): string {
    const nonce = makeNonce();
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(dist, name)).toString();
    const csp = [
      "default-src 'none'",
      // The nonce is for one <style> element: the toolkit (FAST) probes :focus-visible support with
      // an empty <style> carrying the csp-nonce meta's value; without it that probe is a CSP violation.
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${nonce}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('webview.css')}">
<title>Flowpair</title>
</head>
<body>
<main id="app" aria-label="Flowpair composer"></main>
<script nonce="${nonce}" src="${asset('webview.js')}"></script>
</body>
</html>`;
  }
}

function makeNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64').replace(/[+/=]/g, '');
}

/** A short, safe description of a rejected message for the log (never the whole payload). */
function describe(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return typeof raw;
  const type = (raw as { type?: unknown }).type;
  return `type=${typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : typeof type}`;
}
