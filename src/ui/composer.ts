import * as vscode from 'vscode';
import { backendLabel, isConfigured, readApiKey, readSettings } from '../config';
import type { ConnectionState, HostToWebview, NoticeAction, WebviewToHost } from '../protocol';
import type { ComposerHost, ComposerView } from './composerView';
import { Transcript } from './transcript';

/** The fast model's context window (GPT-5.3-Codex-Spark: 128k tokens). */
const CONTEXT_WINDOW_TOKENS = 128_000;

/** The composer's host-side state and message handling. */
export class Composer implements ComposerHost {
  private connection: ConnectionState = 'cold';
  private configured = false;
  readonly transcript: Transcript;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    readonly log: vscode.LogOutputChannel,
    private readonly hostVersion: string,
    post: (message: HostToWebview) => void,
  ) {
    this.transcript = new Transcript(post);
  }

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
      turns: this.transcript.turns,
      files: this.transcript.files,
      context: { chips: [], usedTokens: 0, limitTokens: CONTEXT_WINDOW_TOKENS },
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
          view.post({
            type: 'notice',
            level: 'info',
            text: 'Running Ollama, LM Studio, vLLM or llama.cpp on this machine? Flowpair can find it.',
            action: { label: 'Use a Local Server…', command: 'detectLocal' },
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
  useBackupModel: 'flowpair.useBackupModel',
  detectLocal: 'flowpair.useLocalServer',
} as const satisfies Record<NoticeAction['command'], string>;
