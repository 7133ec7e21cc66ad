import * as os from 'node:os';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import * as vscode from 'vscode';
import type { AnyBackend, Backend, BackendState, CodexBackend } from '../backend';
// not through '../backend': that would pull the lazily loaded backend bundle into activation
import { unansweredCalls, withOutputs } from '../backend/conversation';
import { backendLabel, isConfigured, noteStoredOpenAiKey, readApiKey, readSettings, type FlowpairSettings } from '../config';
import type { BackendSummary, ConnectionState, ContextBudget, HostToWebview, NoticeAction, TurnAction, WebviewToHost } from '../protocol';
import type { CardActions } from '../workspace/cardActions';
import { ComposerContext } from '../workspace/composerContext';
import { AttachmentLedger } from '../workspace/attachments';
import { contextView, estimateTokens } from '../workspace/contextParts';
import { contextWindowOf, largerWindowModel } from '../workspace/contextWindow';
import { compactionTranscript, SUMMARY_HEADER, SUMMARY_PROMPT, SUMMARY_REQUEST } from './compaction';
import { HistoryTokens } from './historyTokens';
import { INSTRUCTIONS } from './instructions';
import { endpointOrigin, type KeyLookup } from '../security/endpoint';
import { offerCleartext } from './commands';
import type { CardEvent, ProposalStore } from '../workspace/proposals';
import type { Prompt } from '../workspace/prompt';
import type { SafetyNet } from '../workspace/safetyNet';
import * as notify from '../notify';
import { Chat } from './chat';
import { ConversationArchive, titleFrom, type SavedConversation } from './conversations';
import type { ComposerHost } from './composerView';
import { Transcript } from './transcript';


/**
 * The composer's host side: owns the backend (built lazily on the first sign of intent, rebuilt
 * when settings or the key change), the transcript and the chat, and answers the webview.
 */
export class Composer implements ComposerHost, vscode.Disposable {
  readonly transcript: Transcript;
  readonly chat: Chat;
  /** Fix and edit-selection turns: their own lane, beside the composer's (see getEditorBackend). */
  readonly editorChat: Chat;
  private readonly context: ComposerContext;
  private connection: ConnectionState = 'cold';
  private configured = false;
  /** The key and the origin it is for, as of the last refresh (activation, and every SecretStorage or settings change). */
  private keyLookup: Promise<KeyLookup> = Promise.resolve({ origin: undefined, key: undefined, withheld: false });
  /** "Last turn: model · transport · TTFT", for the status bar's tooltip. */
  private lastTurn: string | undefined;
  private backend: { instance: AnyBackend; signature: string } | undefined;
  private editorLane: { instance: Backend; signature: string } | undefined;
  /** Origins whose held-back key the user was already told about in this window. */
  private readonly offeredCleartext = new Set<string>();
  private pendingBackend: Promise<AnyBackend | undefined> | undefined;
  private cardActions: CardActions | undefined;
  /** The Codex provider reported a missing ChatGPT sign-in (the welcome offers it). */
  private codexSignIn = false;
  private safety: SafetyNet | undefined;
  /** Context windows the server reported in GET /v1/models, by model id. */
  private readonly reportedWindows = new Map<string, number>();
  private readonly historyTokens = new HistoryTokens();
  /** What the conversation already holds of the attached files: each goes once, again only when changed. */
  private readonly attachments = new AttachmentLedger();
  /** The conversation shown; its input is given to the backend when it is built (after a reload). */
  private conversation: { id: string; createdAt: number; input?: readonly ResponseInputItem[] } = { id: newConversationId(), createdAt: Date.now() };
  private archive: ConversationArchive | undefined;
  private proposals: ProposalStore | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The conversation each card of a conversation not shown belongs to: decisions made meanwhile are saved there. */
  private readonly cardOwners = new Map<string, string>();
  private readonly backgroundSaves = new Map<string, ReturnType<typeof setTimeout>>();
  /** Conversations saved by this window: the live proposals still answer their calls (see SavedConversation.outcomes). */
  private readonly savedHere = new Set<string>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    /** globalState: where the user's consent to send a key over cleartext is remembered. */
    private readonly consent: vscode.Memento,
    readonly log: vscode.LogOutputChannel,
    private readonly post: (message: HostToWebview) => void,
    private readonly onConnection: (model: string, state: ConnectionState, detail?: string) => void,
  ) {
    this.transcript = new Transcript(post);
    this.context = new ComposerContext({
      onChange: (context) => post({ type: 'context', context }),
      budget: () => this.budget(),
      attachedTokens: (parts) => this.attachments.previewTokens(parts, this.history()),
      onPicked: () => post({ type: 'focusPrompt' }),
      log: (line) => log.info(line),
    });
    this.chat = new Chat({
      transcript: this.transcript,
      backend: () => this.getBackend(),
      log: (line) => log.info(line),
      onUnconfigured: () => this.postUnconfigured(),
      restorePrompt: (text) => post({ type: 'restorePrompt', text }),
      onTurnStats: (stats, turn) => {
        this.context.scheduleUpdate(); // the history grew: the meter follows
        void this.saveConversation();
        this.safety?.recordTurn({ turnId: turn.id, origin: turn.origin, prompt: turn.prompt, model: stats.model, provider: readSettings().provider, transport: stats.transport, ...(stats.ttftMs !== undefined && { ttftMs: stats.ttftMs }), ...(stats.outputTokens !== undefined && { outputTokens: stats.outputTokens }) });
        if (stats.ttftMs === undefined) return;
        this.lastTurn = `Last turn: ${stats.model} · ${stats.transport} · TTFT ${stats.ttftMs} ms`;
        this.onConnection(readSettings().models.fast, this.connection, this.lastTurn);
      },
    });
    this.editorChat = new Chat({
      transcript: this.transcript,
      backend: () => this.getEditorBackend(),
      log: (line) => log.info(line),
      onUnconfigured: () => this.postUnconfigured(),
      onTurnStats: () => void this.saveConversation(),
    });
  }

  /** Connects the workspace's proposals: streamed patches go there, their cards show here, and the cards' buttons act on them. */
  useProposals(proposals: ProposalStore, actions: CardActions): vscode.Disposable {
    this.chat.patches = proposals;
    this.editorChat.patches = proposals;
    this.proposals = proposals;
    this.cardActions = actions;
    return proposals.onDidChangeCards((e) => this.showCards(e));
  }

  /** Connects the safety net: each turn shows its checkpoint and checks, and its buttons act on them. */
  useSafetyNet(safety: SafetyNet): vscode.Disposable {
    this.safety = safety;
    return safety.onDidChangeTurn(({ turnId, safety: view }) => {
      const turn = this.transcript.turn(turnId);
      if (turn) turn.safety = view; // for the snapshot when the view is re-created
      this.post({ type: 'turnSafety', turnId, safety: view });
    });
  }

  private turnAction(turnId: string, action: TurnAction): void {
    const safety = this.safety;
    if (safety === undefined) return;
    const run = async () => {
      switch (action) {
        case 'restore':
          return safety.restoreTurn(turnId);
        case 'revertConversation':
          return safety.revertConversation(safety.conversationOf(turnId));
        case 'runCheck':
          return safety.runCheckNow(turnId);
        case 'fixFailure': {
          const context = safety.failureContext(turnId);
          if (context === undefined) return;
          return this.chat.send({ text: 'Fix this failure.', origin: 'composer', context });
        }
      }
    };
    void run().catch((e) => void notify.error(`Flowpair: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Keeps the conversations in the workspace's storage, for the history list and a reload. */
  useConversations(archive: ConversationArchive): void {
    this.archive = archive;
  }

  private showCards(event: CardEvent): void {
    if (event.type === 'card') this.transcript.addFile(event.card);
    else this.transcript.changeHunks(event.fileId, event.changed, event.removed);
    // a decision changes what a reload must show: saved soon, once for a burst of changes
    const fileId = event.type === 'card' ? event.card.id : event.fileId;
    if (this.transcript.file(fileId)) {
      clearTimeout(this.saveTimer);
      this.saveTimer = setTimeout(() => void this.saveConversation(), 500);
      return;
    }
    // a hunk of a conversation not shown (decided in the editor, or moved by an edit): saved with it
    const owner = this.cardOwners.get(fileId);
    if (owner === undefined) return;
    clearTimeout(this.backgroundSaves.get(owner));
    this.backgroundSaves.set(owner, setTimeout(() => void this.saveCards(owner), 500));
  }

  /** A conversation not shown: its cards saved as its proposals are now, with what a reload needs of them. */
  private async saveCards(conversationId: string): Promise<void> {
    this.backgroundSaves.delete(conversationId);
    const saved = this.archive?.get(conversationId);
    if (!saved || !this.proposals || conversationId === this.conversation.id) return;
    const proposals = this.proposals;
    const files = saved.files.map((f) => {
      const hunks = proposals.hunkViews(f.id);
      return hunks ? { ...f, hunks } : f;
    });
    const outcomes = proposals.peekOutcomes(unansweredCalls(saved.input).map((c) => c.callId));
    await this.archive!.save({ ...saved, files, proposals: await proposals.snapshot(files.map((f) => f.id)), outcomes });
  }

  /** "New Conversation": the one shown is saved to the history and the composer starts empty. */
  startNewConversation(): Promise<void> {
    return this.switchTo(undefined);
  }

  /** Opens a conversation from the history and continues it: its whole input is resent with the next prompt. */
  async openConversation(id: string): Promise<void> {
    const saved = this.archive?.get(id);
    if (!saved) {
      this.post({ type: 'notice', level: 'error', text: 'That conversation is no longer in the history.' });
      return;
    }
    await this.switchTo(saved);
  }

  get conversationId(): string {
    return this.conversation.id;
  }

  private async switchTo(saved: SavedConversation | undefined, { save = true } = {}): Promise<void> {
    // Turns still running end first, so their answers are saved with the conversation they belong to.
    await Promise.all([this.chat.stopAll(), this.editorChat.stopAll()]);
    clearTimeout(this.saveTimer);
    if (save) {
      await this.saveConversation();
      for (const file of this.transcript.files) this.cardOwners.set(file.id, this.conversation.id);
    }
    // Saved before a reload, its calls' outputs come from the save: the decisions made then are not lost.
    const input = saved && !this.savedHere.has(saved.id) ? withOutputs(saved.input, saved.outcomes ?? {}) : saved?.input;
    this.conversation = saved && input
      ? { id: saved.id, createdAt: saved.createdAt, input }
      : { id: newConversationId(), createdAt: Date.now() };
    const backend = this.backend?.instance;
    if (backend && input && 'resume' in backend) backend.resume(input);
    else backend?.reset();
    // The editor lane's thread belongs to the conversation shown too: its fixes are not carried into another.
    this.editorLane?.instance.reset();
    if (backend) this.conversation.input = undefined;
    this.attachments.reset();
    this.transcript.load(saved?.turns ?? [], saved?.files ?? []);
    // Pending hunks belong to their conversation: after a reload they come back placed in the files as
    // they are now; cards whose proposals are still live show them as they are now.
    if (saved?.proposals) await this.proposals?.restore(saved.files, saved.proposals);
    for (const file of this.transcript.files) {
      const hunks = this.proposals?.hunkViews(file.id);
      if (hunks) this.transcript.syncHunks(file.id, hunks);
    }
    this.post(this.initMessage());
    this.context.scheduleUpdate();
  }

  private async saveConversation(): Promise<void> {
    const turns = this.transcript.turns;
    if (!this.archive || turns.length === 0) return;
    const { id, createdAt } = this.conversation;
    const proposals = (await this.proposals?.snapshot(this.transcript.files.map((f) => f.id))) ?? [];
    if (this.conversation.id !== id) return; // switched meanwhile: the switch saved it
    const input = [...this.history()];
    this.savedHere.add(id);
    await this.archive.save({
      id,
      title: this.archive.get(id)?.title ?? titleFrom(turns[0]!.prompt),
      createdAt,
      updatedAt: Date.now(),
      model: turns.at(-1)!.model,
      turns,
      files: this.transcript.files,
      input,
      proposals,
      outcomes: this.proposals?.peekOutcomes(unansweredCalls(input).map((c) => c.callId)) ?? {},
    });
  }

  /**
   * A conversation left the history: its proposals go (and their marks leave the editor). The one
   * shown is replaced by a new conversation, unsaved.
   */
  async conversationDropped(conversation: SavedConversation): Promise<void> {
    const shown = conversation.id === this.conversation.id;
    clearTimeout(this.backgroundSaves.get(conversation.id));
    this.backgroundSaves.delete(conversation.id);
    for (const file of conversation.files) this.cardOwners.delete(file.id);
    if (shown) await this.switchTo(undefined, { save: false });
    await this.proposals?.forget(new Set([...conversation.turns.map((t) => t.id), ...conversation.files.map((f) => f.turnId)]));
  }

  /** Re-reads settings and the key; called at activation and when either changes. */
  async refresh(): Promise<void> {
    await noteStoredOpenAiKey(this.secrets);
    const settings = readSettings();
    // Read once per change, not per send: in a remote window SecretStorage is a round trip away.
    const lookup = readApiKey(this.secrets, this.consent, settings);
    this.keyLookup = lookup;
    const { origin, withheld, key } = await lookup;
    if (withheld && origin !== undefined && !this.offeredCleartext.has(origin)) {
      this.offeredCleartext.add(origin);
      void offerCleartext(origin, this.consent).then((allowed) => {
        if (allowed) void this.refresh();
      });
    }
    this.configured = isConfigured(settings, key);
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
        void this.send(message.turnId, message.text, message.steer, performance.now()).catch((e) => this.reportError(e, message.text));
        return;
      case 'stop':
        // the turn may be the composer's or an editor turn's (fix, edit selection): each lane stops only its own
        this.chat.stop(message.turnId);
        this.editorChat.stop(message.turnId);
        return;
      case 'typing':
        void this.warm();
        return;
      case 'runAction':
        // Retry outside a turn card (which resends its prompt itself): reconnect now.
        if (message.command === 'retry') void this.warm();
        else if (message.command === 'newConversation') void this.newConversation();
        else if (message.command === 'compact' || message.command === 'compactAndRetry') void this.compact(message.command === 'compactAndRetry' ? this.chat.last?.text : undefined);
        else void vscode.commands.executeCommand(ACTION_COMMANDS[message.command]);
        return;
      case 'compact':
        void this.compact(message.retry);
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
      case 'turnAction':
        this.turnAction(message.turnId, message.action);
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
  private async send(turnId: string | undefined, text: string, steer: string | undefined, receivedAt: number): Promise<void> {
    const parts = await this.context.parts();
    const view = contextView(parts, this.budget(), this.attachments.previewTokens(parts, this.history()));
    // Refused here only when no conversation could carry it: what the history adds is the server's
    // to judge (its tokenizer, not this estimate), and a refusal there offers New Conversation and
    // Compact and Retry.
    const usedTokens = view.usedTokens - view.historyTokens + estimateTokens(text);
    if (usedTokens > view.limitTokens) {
      const larger = view.largerModel ? `, or switch to ${view.largerModel}` : '';
      this.post({
        type: 'notice',
        level: 'error',
        text: `The attached context and the prompt are about ${usedTokens.toLocaleString('en-US')} tokens, more than ${view.model}'s ${view.limitTokens.toLocaleString('en-US')}-token window. Remove a chip (×) or attach a smaller selection${larger}; nothing was sent.`,
      });
      this.post({ type: 'restorePrompt', text });
      return;
    }
    const attached = this.attachments.prepare(parts, this.history());
    try {
      await this.chat.send({ id: turnId, text, origin: 'composer', context: attached.text, receivedAt }, steer);
    } finally {
      // a turn refused or failed before any output is not in the conversation: its attachments go again
      if (attached.text && !this.history().some((i) => 'role' in i && i.role === 'user' && typeof i.content === 'string' && i.content.startsWith(attached.text))) {
        attached.rollback();
      }
    }
  }

  /**
   * Near the window, or after the server refused the conversation as too long: the earlier turns
   * become one summary the model writes (shown as its own turn), the conversation continues from it
   * with the attachments sent again in full, and `retry` (the refused prompt) is sent again.
   */
  private async compact(retry?: string): Promise<void> {
    const backend = await this.getBackend();
    if (!backend) return this.postUnconfigured();
    const earlier = [...backend.history];
    if (earlier.length > 0) {
      // the summary request must fit the window itself: half of it for the transcript
      const transcript = compactionTranscript(earlier, this.budget().limitTokens * 2);
      backend.reset();
      this.attachments.reset();
      await this.chat.send({ text: SUMMARY_PROMPT, origin: 'compact', context: `${SUMMARY_REQUEST}\n\n${transcript}` });
      const summary = lastAnswer(backend.history);
      backend.reset();
      // a failed summary keeps the conversation as it was
      await backend.warm({ context: summary ? [{ role: 'user', content: `${SUMMARY_HEADER}\n\n${summary}` }] : earlier });
      this.context.scheduleUpdate();
      if (!summary) {
        this.post({ type: 'notice', level: 'error', text: 'The history could not be compacted (the summary turn failed); the conversation is unchanged.' });
        if (retry) this.post({ type: 'restorePrompt', text: retry });
        return;
      }
    }
    if (retry) await this.send(undefined, retry, undefined, performance.now());
  }

  /** "New conversation" from the meter or a refused turn: the conversations' own command where there is one. */
  private async newConversation(): Promise<void> {
    await vscode.commands.executeCommand('flowpair.newConversation');
  }

  private history(): readonly ResponseInputItem[] {
    return this.backend?.instance.history ?? [];
  }

  /** What the next composer request carries besides attachments and prompt, against the model's window. */
  private budget(): ContextBudget {
    const settings = readSettings();
    const windowOf = (model: string) => contextWindowOf(model, this.reportedWindows, settings.contextWindowTokens);
    const model = settings.models.fast;
    const larger = largerWindowModel(model, [settings.models.deep, settings.models.backup], windowOf);
    return {
      model,
      limitTokens: windowOf(model),
      instructionTokens: estimateTokens(INSTRUCTIONS),
      historyTokens: this.historyTokens.of(this.history()),
      ...(larger ? { largerModel: larger } : {}),
    };
  }

  /** The backend if one is configured, for the model picker. */
  currentBackend(): Promise<AnyBackend | undefined> {
    return this.getBackend();
  }

  /** The Codex provider's backend (for sign-in and sign-out); undefined when another provider is chosen. */
  async codexBackend(): Promise<CodexBackend | undefined> {
    const backend = await this.getBackend();
    return backend && 'login' in backend ? backend : undefined;
  }

  /** Re-runs the last prompt on the deep model; undefined when there is nothing to re-run. */
  escalation(): (() => void) | undefined {
    const last = this.chat.last;
    if (!last) return undefined;
    return () => {
      const { id: _previous, ...prompt } = last; // a new turn, with its own id
      void this.chat.send({ ...prompt, model: readSettings().models.deep }).catch((e) => this.reportError(e, last.text));
    };
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
    const summary: BackendSummary = { label: backendLabel(settings), configured: this.configured, fastModel: settings.models.fast, restricted: !vscode.workspace.isTrusted };
    if (settings.provider === 'codex' && this.codexSignIn) summary.signIn = true;
    return summary;
  }

  private async getBackend(): Promise<AnyBackend | undefined> {
    const settings = readSettings();
    const apiKey = await this.keyFor(settings);
    if (!isConfigured(settings, apiKey)) return undefined;
    // A model change keeps the backend (and the conversation): models are chosen per request.
    const signature = settings.provider === 'codex'
      ? JSON.stringify(['codex', settings.codexPath, vscode.workspace.isTrusted])
      : JSON.stringify([settings.baseUrl, settings.idleCloseMinutes, settings.limits, apiKey]);
    if (this.backend?.signature === signature) {
      Object.assign(this.backend.instance.models, settings.models);
      return this.backend.instance;
    }
    // Concurrent callers share one construction (the first send and a warm-up often race).
    this.pendingBackend ??= this.createBackend(settings, apiKey ?? '', signature).finally(() => (this.pendingBackend = undefined));
    return this.pendingBackend;
  }

  private async createBackend(settings: FlowpairSettings, apiKey: string, signature: string): Promise<AnyBackend> {
    this.disposeBackend();
    if (settings.provider === 'codex') return this.createCodexBackend(settings, signature);
    const instance = await this.buildBackend(settings, apiKey);
    instance.stateChanged.on((state) => this.setConnection(state, instance));
    instance.log.on((line) => this.log.info(line));
    instance.setFocused(vscode.window.state.focused);
    // A conversation opened from the history before the backend existed (e.g. after a reload).
    if (this.conversation.input) instance.resume(this.conversation.input);
    this.conversation.input = undefined;
    // Servers that say how large a model's window is (vLLM, llama.cpp, LM Studio, OpenRouter) size the meter.
    void instance.listModels().then(
      (models) => {
        for (const m of models) if (m.contextWindow) this.reportedWindows.set(m.id, m.contextWindow);
        this.context.scheduleUpdate();
      },
      () => {}, // no model list: the known windows and the setting apply
    );
    this.backend = { instance, signature };
    return instance;
  }

  /**
   * The key for the endpoint `settings` name. A settings change reaches refresh() a SecretStorage round
   * trip later: a send or warm-up meanwhile must not take the previous server's key to the new one,
   * so the key is looked up anew whenever the endpoint is not the one the last lookup was for.
   */
  private async keyFor(settings: FlowpairSettings): Promise<string | undefined> {
    const lookup = await this.keyLookup;
    if (lookup.origin !== undefined && lookup.origin === endpointOrigin(settings.baseUrl)) return lookup.key;
    return (await readApiKey(this.secrets, this.consent, settings)).key;
  }

  /**
   * The editor lane ("Fix with Flowpair", "Edit Selection"): its own backend — a second warm
   * connection and its own thread — so its turns run beside a composer answer, never steering it.
   * Codex keeps one thread per window, so there the lanes share it.
   */
  private async getEditorBackend(): Promise<AnyBackend | undefined> {
    const main = await this.getBackend();
    if (!main || !this.backend || !('resume' in main)) return main;
    const { signature } = this.backend;
    if (this.editorLane?.signature === signature) {
      Object.assign(this.editorLane.instance.models, main.models);
      return this.editorLane.instance;
    }
    this.editorLane?.instance.dispose();
    const settings = readSettings();
    const instance = await this.buildBackend(settings, (await this.keyFor(settings)) ?? '');
    instance.log.on((line) => this.log.info(`editor lane: ${line}`));
    instance.setFocused(vscode.window.state.focused);
    this.editorLane = { instance, signature };
    return instance;
  }

  /** Runs an editor turn in the editor lane; it shows in the composer as its own turn. */
  sendEditorTurn(prompt: Prompt): Promise<void> {
    return this.editorChat.send(prompt);
  }

  /** A fix is being computed: the editor lane's connection warms. */
  async warmEditorLane(): Promise<void> {
    await (await this.getEditorBackend())?.warm({ model: 'fast' });
  }

  private async buildBackend(settings: FlowpairSettings, apiKey: string): Promise<Backend> {
    const { Backend } = await import('../backend');
    return new Backend({
      apiKey,
      models: settings.models,
      idleCloseMs: settings.idleCloseMinutes * 60_000,
      limits: {
        maxFrameBytes: Math.round(settings.limits.maxFrameMiB * 1024 * 1024),
        maxAnswerChars: settings.limits.maxAnswerChars,
        maxPatchChars: settings.limits.maxPatchChars,
        maxTurnMs: settings.limits.maxTurnMinutes * 60_000,
      },
      ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    });
  }

  /** One `codex app-server` per window, started on first use; the workspace folder is its and its threads' cwd. */
  private async createCodexBackend(settings: FlowpairSettings, signature: string): Promise<CodexBackend> {
    const { CodexBackend } = await import('../backend');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const instance = new CodexBackend({
      codexPath: settings.codexPath,
      cwd: folder?.scheme === 'file' ? folder.fsPath : os.homedir(),
      restricted: !vscode.workspace.isTrusted,
      clientVersion: String(vscode.extensions.getExtension('flowpair.flowpair')?.packageJSON.version ?? '0'),
      models: settings.models,
    });
    instance.stateChanged.on((state) => this.setConnection(state, instance));
    instance.log.on((line) => this.log.info(line));
    instance.signInNeeded.on((needed) => {
      this.codexSignIn = needed;
      this.post({ type: 'backend', backend: this.backendSummary(readSettings()) });
    });
    this.backend = { instance, signature };
    return instance;
  }

  private disposeBackend(): void {
    this.backend?.instance.dispose();
    this.backend = undefined;
    this.editorLane?.instance.dispose();
    this.editorLane = undefined;
  }

  setFocused(focused: boolean): void {
    this.backend?.instance.setFocused(focused);
    this.editorLane?.instance.setFocused(focused);
  }

  private setConnection(state: BackendState | ConnectionState, backend?: AnyBackend): void {
    this.connection = state;
    const detail = state === 'error' || state === 'offline' ? backend?.lastError?.message : undefined;
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
  manageTrust: 'workbench.trust.manage',
  codexSignIn: 'flowpair.codex.signIn',
  installCodex: 'flowpair.codex.install',
} as const satisfies Record<Exclude<NoticeAction['command'], 'retry' | 'newConversation' | 'compact' | 'compactAndRetry'>, string>;

/** The model's last answer in a history (the summary turn's). */
function lastAnswer(history: readonly ResponseInputItem[]): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const item = history[i]!;
    if ('role' in item && item.role === 'assistant' && typeof item.content === 'string' && item.content.trim()) return item.content;
  }
  return undefined;
}

function newConversationId(): string {
  return `c${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
