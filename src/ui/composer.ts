import * as vscode from 'vscode';
import type { Backend, BackendState } from '../backend';
import { backendLabel, isConfigured, readApiKey, readSettings, type FlowpairSettings } from '../config';
import type { BackendSummary, ConnectionState, HostToWebview, NoticeAction, WebviewToHost } from '../protocol';
import type { CardActions } from '../workspace/cardActions';
import { CONTEXT_WINDOW_TOKENS, ComposerContext } from '../workspace/composerContext';
import { contextText, contextView } from '../workspace/contextParts';
import { Chat, type PatchSink } from './chat';
import type { ComposerHost } from './composerView';
import { Transcript } from './transcript';


/**
 * The composer's host side: owns the backend (built lazily on the first sign of intent, rebuilt
 * when settings or the key change), the transcript and the chat, and answers the webview.
 */
export class Composer implements ComposerHost, vscode.Disposable {
  readonly transcript: Transcript;
  readonly chat: Chat;
  private readonly context: ComposerContext;
  private connection: ConnectionState = 'cold';
  private configured = false;
  /** The key as of the last refresh (activation, and every SecretStorage or settings change). */
  private apiKey: Promise<string | undefined> = Promise.resolve(undefined);
  /** "Last turn: model · transport · TTFT", for the status bar's tooltip. */
  private lastTurn: string | undefined;
  private backend: { instance: Backend; signature: string } | undefined;
  private pendingBackend: Promise<Backend | undefined> | undefined;
  private cardActions: CardActions | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    readonly log: vscode.LogOutputChannel,
    private readonly post: (message: HostToWebview) => void,
    private readonly onConnection: (model: string, state: ConnectionState, detail?: string) => void,
  ) {
    this.transcript = new Transcript(post);
    this.context = new ComposerContext((context) => post({ type: 'context', context }));
    this.chat = new Chat({
      transcript: this.transcript,
      backend: () => this.getBackend(),
      log: (line) => log.info(line),
      onUnconfigured: () => this.postUnconfigured(),
      onTurnStats: (stats) => {
        if (stats.ttftMs === undefined) return;
        this.lastTurn = `Last turn: ${stats.model} · ${stats.transport} · TTFT ${stats.ttftMs} ms`;
        this.onConnection(readSettings().models.fast, this.connection, this.lastTurn);
      },
    });
  }

  /** Connects the workspace's proposals: streamed patches go there, and the cards' buttons act on them. */
  useProposals(patches: PatchSink, actions: CardActions): void {
    this.chat.patches = patches;
    this.cardActions = actions;
  }

  /** Re-reads settings and the key; called at activation and when either changes. */
  async refresh(): Promise<void> {
    const settings = readSettings();
    // Read once per change, not per send: in a remote window SecretStorage is a round trip away.
    this.apiKey = readApiKey(this.secrets);
    this.configured = isConfigured(settings, await this.apiKey);
    if (!this.configured) {
      this.disposeBackend();
      this.setConnection('unconfigured');
    } else if (this.connection === 'unconfigured') {
      this.setConnection('cold');
    }
    this.post({ type: 'backend', backend: this.backendSummary(settings) });
    this.onConnection(settings.models.fast, this.connection, this.lastTurn);
  }

  initMessage(): HostToWebview {
    const settings = readSettings();
    return {
      type: 'init',
      backend: this.backendSummary(settings),
      connection: this.connection,
      turns: this.transcript.turns,
      files: this.transcript.files,
      context: this.context.current,
    };
  }

  onMessage(message: WebviewToHost): void {
    switch (message.type) {
      case 'send':
        void this.send(message.text).catch((e) => this.reportError(e, message.text));
        return;
      case 'stop':
        this.chat.stop();
        return;
      case 'typing':
        void this.warm();
        return;
      case 'runAction':
        void vscode.commands.executeCommand(ACTION_COMMANDS[message.command]);
        return;
      case 'hunk':
        this.cardActions?.hunk(message.fileId, message.hunkId, message.action);
        return;
      case 'file':
        this.cardActions?.file(message.fileId, message.action);
        return;
      case 'removeChip':
        this.context.remove(message.chipId);
        return;
      case 'addFile':
        void this.context.addFile();
        return;
    }
  }

  onShown(): void {
    this.context.scheduleUpdate();
    if (this.configured) void this.warm();
  }

  /** A composer prompt with the attached context; refused (and given back) when the context cannot fit. */
  private async send(text: string): Promise<void> {
    const parts = await this.context.parts();
    const { usedTokens, limitTokens } = contextView(parts, CONTEXT_WINDOW_TOKENS);
    if (usedTokens > limitTokens) {
      this.post({
        type: 'notice',
        level: 'error',
        text: `The attached context is about ${usedTokens.toLocaleString('en-US')} tokens, more than the model's ${limitTokens.toLocaleString('en-US')}-token window. Remove a chip (×) or attach a smaller selection; nothing was sent.`,
      });
      this.post({ type: 'restorePrompt', text });
      return;
    }
    await this.chat.send({ text, origin: 'composer', context: contextText(parts) });
  }

  /** The backend if one is configured, for the model picker. */
  currentBackend(): Promise<Backend | undefined> {
    return this.getBackend();
  }

  /** Re-runs the last prompt on the deep model; undefined when there is nothing to re-run. */
  escalation(): (() => void) | undefined {
    const last = this.chat.last;
    if (!last) return undefined;
    return () => void this.chat.send({ ...last, model: readSettings().models.deep }).catch((e) => this.reportError(e, last.text));
  }

  /** The user showed intent (composer shown, typing, a fix being computed): open and prewarm. */
  async warm(): Promise<void> {
    const backend = await this.getBackend();
    await backend?.warm({ model: 'fast' });
  }

  dispose(): void {
    this.context.dispose();
    this.disposeBackend();
  }

  private backendSummary(settings: FlowpairSettings): BackendSummary {
    return { label: backendLabel(settings), configured: this.configured, fastModel: settings.models.fast };
  }

  private async getBackend(): Promise<Backend | undefined> {
    const settings = readSettings();
    const apiKey = await this.apiKey;
    if (!isConfigured(settings, apiKey)) return undefined;
    // A model change keeps the backend (and the conversation): models are chosen per request.
    const signature = JSON.stringify([settings.baseUrl, settings.idleCloseMinutes, apiKey]);
    if (this.backend?.signature === signature) {
      Object.assign(this.backend.instance.models, settings.models);
      return this.backend.instance;
    }
    // Concurrent callers share one construction (the first send and a warm-up often race).
    this.pendingBackend ??= this.createBackend(settings, apiKey ?? '', signature).finally(() => (this.pendingBackend = undefined));
    return this.pendingBackend;
  }

  private async createBackend(settings: FlowpairSettings, apiKey: string, signature: string): Promise<Backend> {
    this.disposeBackend();
    const { Backend } = await import('../backend');
    const instance = new Backend({
      apiKey,
      models: settings.models,
      idleCloseMs: settings.idleCloseMinutes * 60_000,
      ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    });
    instance.stateChanged.on((state) => this.setConnection(state, instance));
    instance.setFocused(vscode.window.state.focused);
    this.backend = { instance, signature };
    return instance;
  }

  private disposeBackend(): void {
    this.backend?.instance.dispose();
    this.backend = undefined;
  }

  setFocused(focused: boolean): void {
    this.backend?.instance.setFocused(focused);
  }

  private setConnection(state: BackendState | ConnectionState, backend?: Backend): void {
    this.connection = state;
    const detail = state === 'error' ? backend?.lastError?.message : undefined;
    this.post({ type: 'connection', state, ...(detail ? { detail } : {}) });
    this.onConnection(readSettings().models.fast, state, detail ?? this.lastTurn);
  }

  private postUnconfigured(): void {
    this.post({
      type: 'notice',
      level: 'error',
      text: 'No backend configured. Set an OpenAI API key, or point Flowpair at an OpenAI-compatible server (Ollama, LM Studio, vLLM).',
      action: { label: 'Set API Key', command: 'setApiKey' },
    });
    this.post({
      type: 'notice',
      level: 'info',
      text: 'Running Ollama, LM Studio, vLLM or llama.cpp on this machine? Flowpair can find it.',
      action: { label: 'Use a Local Server…', command: 'detectLocal' },
    });
  }

  /** A failure before the turn could start: say so and give the prompt back. */
  private reportError(error: unknown, prompt: string): void {
    this.log.error(`send failed: ${error instanceof Error ? error.message : String(error)}`);
    this.post({ type: 'notice', level: 'error', text: `Could not send: ${error instanceof Error ? error.message : String(error)}` });
    this.post({ type: 'restorePrompt', text: prompt });
  }
}

const ACTION_COMMANDS = {
  setApiKey: 'flowpair.setApiKey',
  setBaseUrl: 'flowpair.setBaseUrl',
  showLog: 'flowpair.showConnectionLog',
  useBackupModel: 'flowpair.useBackupModel',
  detectLocal: 'flowpair.useLocalServer',
} as const satisfies Record<NoticeAction['command'], string>;
