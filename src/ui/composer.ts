import * as vscode from 'vscode';
import { backendLabel, isConfigured, readApiKey, readSettings } from '../config';
import type { ConnectionState, HostToWebview, WebviewToHost } from '../protocol';
import type { ComposerHost, ComposerView } from './composerView';

/** The composer's host-side state and message handling. */
export class Composer implements ComposerHost {
  private connection: ConnectionState = 'cold';
  private configured = false;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    readonly log: vscode.LogOutputChannel,
    private readonly hostVersion: string,
  ) {}

  /** Re-reads settings and the key; called on activation of the view and when either changes. */
  async refresh(): Promise<void> {
    this.configured = isConfigured(readSettings(), await readApiKey(this.secrets));
    if (!this.configured) this.connection = 'unconfigured';
    else if (this.connection === 'unconfigured') this.connection = 'cold';
  }

  initMessage(): HostToWebview {
    const settings = readSettings();
    return {
      type: 'init',
      hostVersion: this.hostVersion,
      backend: { label: backendLabel(settings), configured: this.configured, fastModel: settings.models.fast },
      connection: this.connection,
    };
  }

  onMessage(message: WebviewToHost, view: ComposerView): void {
    switch (message.type) {
      case 'send':
        if (!this.configured) {
          view.post({
            type: 'notice',
            level: 'error',
            text: 'No backend configured. Set an OpenAI API key, or point Flowpair at an OpenAI-compatible server (Ollama, LM Studio, vLLM).',
            action: { label: 'Set API Key', command: 'setApiKey' },
          });
        }
        return;
      case 'runAction':
        void vscode.commands.executeCommand(ACTION_COMMANDS[message.command]);
        return;
    }
  }
}

const ACTION_COMMANDS = {
  setApiKey: 'flowpair.setApiKey',
  setBaseUrl: 'flowpair.setBaseUrl',
  showLog: 'flowpair.showConnectionLog',
} as const;
