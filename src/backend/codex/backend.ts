// The "Codex (ChatGPT sign-in)" provider: Flowpair turns run as turns of a `codex app-server` thread
// (one thread per Flowpair conversation) and come back as the same Turn events as the direct path.
// Codex never writes the workspace: threads run in a read-only sandbox with an approval policy that
// asks, reviewed by the user (never Codex's auto-reviewer); every proposed file change becomes
// apply_patch input for Flowpair's hunks and the approval is declined; the user's decisions are
// reported to the model with the next message. Codex runs no commands (see commands.ts): the ones it
// asks for are shown and declined.
import { BackendError } from '../errors';
import { Emitter } from '../emitter';
import type { ModelInfo, ModelRoles } from '../providers';
import { DEFAULT_MODELS } from '../providers';
import { Turn, TurnRecorder, type TurnStatus } from '../turn';
import type { BackendState, SendRequest } from '../client';
import type { ToolOutput, UserContent } from '../conversation';
import { AppServer, type AppServerOptions, type RunningServer } from './appServer';
import { declinedCommand, NO_CODEX_SHELL, requestedCommand, RUN_COMMAND_SPEC } from './commands';
import { fileChangesToPatch } from './fileChanges';
import type {
  CodexErrorInfo,
  LoginAccountResponse,
  Model,
  ServerNotification,
  ThreadItem,
  TurnError,
  UserInput,
} from './protocol.generated';
import { OVERLOADED, RpcError, type HandledServerRequest, type ServerRequestResults } from './rpc';

/** The Backend's request; tools, edit style and Responses extras do not apply (Codex has its own). */
export type CodexSendRequest = Pick<SendRequest, 'turnId' | 'input' | 'toolOutputs' | 'takeOutcomes' | 'model' | 'instructions'>;

export interface CodexBackendOptions extends Omit<AppServerOptions, 'log'> {
  models?: Partial<ModelRoles>;
}

export interface CodexLogin {
  /** Open this in the browser; the app-server hosts the local callback. */
  authUrl: string;
  /** Resolves when the login finished (rejects with the reason when it failed or was cancelled). */
  completed: Promise<void>;
  cancel(): void;
}

/** The turn being streamed: the Turn it feeds (a steer moves it to a new one) and its Codex ids. */
interface ActiveTurn {
  turn: Turn;
  recorder: TurnRecorder;
  threadId: string;
  codexTurnId: string | undefined;
  interruptRequested: boolean;
  /** Text received per agentMessage item, to complete it from the authoritative item/completed. */
  itemText: Map<string, string>;
  error: TurnError | undefined;
  /** A steer accepted or on its way: switches the output to the new instruction's Turn. */
  pendingSteer?: { text: string; apply: () => void } | undefined;
  /** Runs the steered instruction as its own turn when the Codex turn ended before taking it. */
  steerRefused?: ((why: unknown) => void) | undefined;
  finish: (status: TurnStatus, error?: BackendError) => void;
}

export class CodexBackend {
  readonly stateChanged = new Emitter<BackendState>();
  /** Connection-log lines: the app-server's stderr, restarts, refused steers. */
  readonly log = new Emitter<string>();
  /** Whether the ChatGPT sign-in is missing (true) or present / not needed (false), as the app-server says. */
  readonly signInNeeded = new Emitter<boolean>();
  readonly models: ModelRoles;
  private readonly server: AppServer;
  private readonly options: CodexBackendOptions;
  private _state: BackendState = 'cold';
  private _lastError: BackendError | undefined;
  private thread: { id: string; server: RunningServer } | undefined;
  private active: ActiveTurn | undefined;
  private turns: Promise<unknown> = Promise.resolve();
  private turnCount = 0;
  private modelList: Promise<Model[]> | undefined;
  private readonly attached = new WeakSet<RunningServer>();
  private restarts: number[] = [];
  /** File changes (call ids) whose review the model has not been told yet. */
  private unreported: string[] = [];
  /** Whether this Codex setup needs an OpenAI account at all (a custom provider with its own key does not). */
  private requiresAuth = true;
  private disposed = false;

  constructor(options: CodexBackendOptions) {
    this.options = options;
    this.models = { ...DEFAULT_MODELS, ...options.models };
    this.server = new AppServer({ ...options, log: (line) => this.log.fire(line) });
    this.server.crashed.on((error) => this.onCrash(error));
  }

  get state(): BackendState {
    return this._state;
  }

  get lastError(): BackendError | undefined {
    return this._lastError;
  }

  /** Start the app-server and the thread ahead of the first prompt. Never rejects (see state). */
  async warm(_request?: unknown): Promise<void> {
    try {
      await this.ensureThread();
    } catch (error) {
      this.fail(error);
    }
  }

  send(request: CodexSendRequest): Turn {
    const turn = new Turn(request.turnId ?? `codex-${++this.turnCount}`, () => this.interrupt(turn));
    this.turns = this.turns.then(() => this.runTurn(turn, request));
    return turn;
  }

  /**
   * Sending while `turn` streams: `turn/steer` adds the instruction to the running Codex turn, whose
   * output continues in the returned Turn (`turn` ends as interrupted, its text kept). When the turn
   * already ended, the instruction starts a new turn.
   */
  steer(turn: Turn, instruction: UserContent, request: Omit<CodexSendRequest, 'input'> = {}): Turn {
    const active = this.active;
    const rpc = this.thread?.server.rpc;
    if (!rpc || !active || active.turn !== turn || !active.codexTurnId || turn.done) return this.send({ ...request, input: instruction });
    let rerun: Turn | undefined;
    const next = new Turn(request.turnId ?? `codex-${++this.turnCount}`, () => (rerun ? rerun.interrupt() : this.interrupt(next)));
    // The turn ended before the steer landed: the instruction runs as a turn of its own (nothing is lost).
    const runAlone = (why: unknown) => {
      this.log.fire(`turn/steer not applied (${why instanceof Error ? why.message : String(why)}); starting a new turn`);
      rerun = this.send({ ...request, input: instruction });
      rerun.on((event) => next.emit(event));
    };
    const sentAt = performance.now();
    let input: UserInput[] = [];
    // Codex finishes the model response in flight, then feeds the instruction to the same turn: its
    // userMessage item marks where the new instruction's answer begins.
    const apply = () => {
      active.pendingSteer = undefined;
      const previous = active.recorder;
      const { model } = previous.stats;
      const recorder = new TurnRecorder((event) => next.emit(event), { transport: 'codex-app-server', warm: true, model });
      recorder.stats.timings.startedAt = sentAt;
      recorder.requestSent(JSON.stringify(input).length);
      active.turn = next;
      active.recorder = recorder;
      next.emit({ type: 'started', turnId: next.id, model, transport: 'codex-app-server', warm: true, editFormat: 'apply_patch' });
      turn.emit({ type: 'interrupted', result: previous.result('interrupted'), cause: 'user', message: 'Steered: the answer continues with your new instruction.' });
    };
    active.pendingSteer = { text: typeof instruction === 'string' ? instruction : '', apply };
    active.steerRefused = runAlone;
    const expectedTurnId = active.codexTurnId;
    void this.outcomes(request)
      .then((outcomes) => {
        input = toUserInput(instruction, outcomes);
        return rpc.request('turn/steer', { threadId: active.threadId, input, expectedTurnId });
      })
      .catch((error) => {
        if (!active.pendingSteer) return;
        active.pendingSteer = undefined;
        active.steerRefused = undefined;
        runAlone(error);
      });
    return next;
  }

  /** The app-server's models (hidden ones excluded), Spark first when listed. */
  async listModels(): Promise<ModelInfo[]> {
    const models = await this.appServerModels();
    return models.map((m) => ({ id: m.id, ownedBy: 'codex' }));
  }

  /** Starts the ChatGPT browser sign-in. */
  async login(): Promise<CodexLogin> {
    const { rpc } = await this.running();
    const response: LoginAccountResponse = await rpc.request('account/login/start', { type: 'chatgpt' });
    if (response.type !== 'chatgpt') throw new BackendError('codex-sign-in', `Unexpected login response (${response.type}).`);
    const { loginId, authUrl } = response;
    let unsubscribe = () => {};
    const completed = new Promise<void>((resolve, reject) => {
      unsubscribe = rpc.onNotification((n) => {
        if (n.method !== 'account/login/completed' || (n.params.loginId !== null && n.params.loginId !== loginId)) return;
        unsubscribe();
        if (n.params.success) {
          this.signInNeeded.fire(false);
          resolve();
        }
        else reject(new BackendError('codex-sign-in', `Sign-in did not complete: ${n.params.error ?? 'cancelled'}.`));
      });
    });
    return { authUrl, completed, cancel: () => void rpc.request('account/login/cancel', { loginId }).catch(() => {}) };
  }

  /** Signs Codex in with an OpenAI API key (Codex keeps it in its own auth store; Flowpair does not). */
  async loginWithApiKey(apiKey: string): Promise<void> {
    const { rpc } = await this.running();
    await rpc.request('account/login/start', { type: 'apiKey', apiKey });
    this.thread = undefined; // the next turn starts with the new account
    this.signInNeeded.fire(false);
  }

  async logout(): Promise<void> {
    const { rpc } = await this.running();
    await rpc.request('account/logout', undefined);
    this.thread = undefined; // the next turn checks the account again
    this.signInNeeded.fire(this.requiresAuth);
  }

  /** Codex keeps the thread's history itself: nothing is resent from here. */
  get history(): readonly [] {
    return [];
  }

  /** The app-server stays up while the window lives: focus changes nothing (there is no idle socket to close). */
  setFocused(_focused: boolean): void {}

  /** A new Flowpair conversation: the next turn starts a new Codex thread. */
  reset(): void {
    this.thread = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.active?.finish('interrupted');
    this.server.stop();
    this.stateChanged.clear();
    this.signInNeeded.clear();
    this.log.clear();
  }

  // ---- internals ----

  private async runTurn(turn: Turn, request: CodexSendRequest): Promise<void> {
    const coldStart = !this.server.running || !this.thread;
    let { model, notice } = await this.pickModel(request.model);
    const recorder = new TurnRecorder((event) => turn.emit(event), { transport: 'codex-app-server', warm: !coldStart, model });
    turn.emit({ type: 'started', turnId: turn.id, model, transport: 'codex-app-server', warm: !coldStart, editFormat: 'apply_patch' });
    if (notice) recorder.notice('model-fallback', notice);
    const active: ActiveTurn = {
      turn, recorder, threadId: '', codexTurnId: undefined, interruptRequested: false, itemText: new Map(), error: undefined,
      finish: () => {},
    };
    const input = toUserInput(request.input ?? '', await this.outcomes(request));
    for (;;) {
      recorder.stats.model = model;
      const outcome = await this.attempt(active, input, model);
      if (this.active === active) this.active = undefined;
      if (active.pendingSteer) {
        active.pendingSteer = undefined;
        active.steerRefused?.('the turn ended first');
      }
      // Spark (or another model) not served to this account: the backup model answers instead.
      const { backup } = this.models;
      if (outcome.error?.kind === 'model-not-found' && model !== backup && !recorder.hasOutput && !turn.done) {
        recorder.notice('model-fallback', `${model} is not available to this Codex account; answering with ${backup}.`);
        model = backup;
        active.codexTurnId = undefined;
        continue;
      }
      const current = active.turn; // a steer moved the output to a newer Turn
      const result = active.recorder.result(outcome.status);
      if (outcome.status === 'completed') current.emit({ type: 'completed', result });
      else if (outcome.status === 'interrupted') current.emit({ type: 'interrupted', result, cause: 'user', message: 'Stopped; the partial answer is kept.' });
      else current.emit({ type: 'failed', result, error: outcome.error ?? new BackendError('server', 'The Codex turn failed.') });
      return;
    }
  }

  /** One `turn/start` on the thread, until turn/completed (or the app-server died). */
  private async attempt(active: ActiveTurn, input: UserInput[], model: string): Promise<{ status: TurnStatus; error?: BackendError }> {
    let settle!: (outcome: { status: TurnStatus; error?: BackendError }) => void;
    const settled = new Promise<{ status: TurnStatus; error?: BackendError }>((resolve) => (settle = resolve));
    active.finish = (status, error) => settle(error ? { status, error } : { status });
    try {
      const { id: threadId, server } = await this.ensureThread();
      active.threadId = threadId;
      this.active = active;
      active.recorder.requestSent(JSON.stringify(input).length);
      const crashed = server.exited.then((error) => ({ status: 'failed' as const, error }));
      const { turn: codexTurn } = await server.rpc.request('turn/start', { threadId, input, model });
      active.codexTurnId = codexTurn.id;
      if (active.interruptRequested) this.interrupt(active.turn);
      return await Promise.race([settled, crashed]);
    } catch (error) {
      return { status: 'failed', error: asCodexError(error) };
    }
  }

  /**
   * What became of earlier file changes, told with the next message: Codex already got "declined" for
   * each, so every change is awaiting its real outcome (accepted / rejected / still pending hunks).
   */
  private async outcomes(request: CodexSendRequest): Promise<{ outputs: ToolOutput[]; note?: string }> {
    const awaiting = this.unreported;
    this.unreported = [];
    const taken = await request.takeOutcomes?.(awaiting).catch(() => undefined);
    if (taken) return taken;
    return { outputs: request.toolOutputs ?? [] };
  }

  private interrupt(turn: Turn): void {
    const active = this.active;
    if (!active || active.turn !== turn) return;
    active.interruptRequested = true;
    if (!active.codexTurnId || !this.thread) return; // sent as soon as turn/start answers
    void this.thread.server.rpc.request('turn/interrupt', { threadId: active.threadId, turnId: active.codexTurnId }).catch(() => {});
  }

  private async running(): Promise<RunningServer> {
    if (this._state !== 'warm') this.setState('warming');
    try {
      const server = await this.server.ensure();
      if (!this.attached.has(server)) {
        this.attached.add(server);
        server.rpc.onNotification((n) => this.onNotification(n));
        server.rpc.handleRequests((request) => this.onServerRequest(request));
      }
      return server;
    } catch (error) {
      throw this.fail(error);
    }
  }

  private async ensureThread(): Promise<{ id: string; server: RunningServer }> {
    const server = await this.running();
    if (this.thread?.server === server) return this.thread;
    const { account, requiresOpenaiAuth } = await server.rpc.request('account/read', { refreshToken: false });
    this.requiresAuth = requiresOpenaiAuth;
    this.signInNeeded.fire(!account && requiresOpenaiAuth);
    if (!account && requiresOpenaiAuth) {
      throw this.fail(new BackendError('codex-sign-in', 'Codex is not signed in. Sign in with ChatGPT to use Spark through Codex.'));
    }
    const { thread } = await server.rpc.request('thread/start', {
      cwd: this.options.cwd,
      sandbox: 'read-only',
      approvalPolicy: 'untrusted',
      approvalsReviewer: 'user', // a user's config may route approvals to Codex's auto-reviewer instead
      config: NO_CODEX_SHELL,
      dynamicTools: [RUN_COMMAND_SPEC],
      ephemeral: true,
      serviceName: 'flowpair',
    });
    this.thread = { id: thread.id, server };
    this.setState('warm');
    return this.thread;
  }

  private appServerModels(): Promise<Model[]> {
    this.modelList ??= this.running()
      .then((server) => server.rpc.request('model/list', { includeHidden: false }))
      .then((r) => r.data)
      .catch((error) => {
        this.modelList = undefined;
        throw error;
      });
    return this.modelList;
  }

  /** The role's model; when the app-server's list lacks it (Spark not offered to this account), the backup. */
  private async pickModel(choice: CodexSendRequest['model']): Promise<{ model: string; notice?: string }> {
    const model = choice === undefined ? this.models.fast : isRole(choice) ? this.models[choice] : choice;
    let listed: Model[];
    try {
      listed = await this.appServerModels();
    } catch {
      return { model }; // the turn itself will report why the app-server is unusable
    }
    if (listed.length === 0 || listed.some((m) => m.id === model)) return { model };
    const backup = listed.find((m) => m.id === this.models.backup) ?? listed.find((m) => m.isDefault) ?? listed[0]!;
    if (backup.id === model) return { model };
    return { model: backup.id, notice: `${model} is not available to this Codex account; answering with ${backup.id}.` };
  }

  private onNotification(n: ServerNotification): void {
    const active = this.active;
    // Signed in or out, from Flowpair or from the Codex CLI sharing the same account store.
    if (n.method === 'account/updated') return this.signInNeeded.fire(n.params.authMode === null && this.requiresAuth);
    if (!active || !('params' in n) || !n.params || typeof n.params !== 'object') return;
    const params = n.params as { threadId?: string; turnId?: string };
    if (params.threadId !== active.threadId) return;
    if (params.turnId !== undefined && active.codexTurnId !== undefined && params.turnId !== active.codexTurnId) return;
    try {
      this.onTurnNotification(active, n);
    } catch (error) {
      // A limit passed (answer size, …): stop the Codex turn, keep what arrived, say why.
      this.interrupt(active.turn);
      active.finish('failed', asCodexError(error));
    }
  }

  private onTurnNotification(active: ActiveTurn, n: ServerNotification): void {
    const { recorder } = active;
    recorder.bytesReceived(0);
    switch (n.method) {
      case 'item/agentMessage/delta':
        // Each agentMessage item is its own paragraph in the transcript (an answer, a tool call, more text).
        active.itemText.set(n.params.itemId, (active.itemText.get(n.params.itemId) ?? '') + n.params.delta);
        recorder.textDelta(n.params.delta, n.params.itemId);
        return;
      case 'item/reasoning/summaryTextDelta':
        recorder.reasoningDelta(n.params.delta);
        return;
      case 'item/started':
        return this.onItem(active, n.params.item, 'started');
      case 'item/completed':
        return this.onItem(active, n.params.item, 'completed');
      case 'thread/tokenUsage/updated': {
        const last = n.params.tokenUsage.last;
        const previous = recorder.stats.usage;
        recorder.usage({
          inputTokens: (previous?.inputTokens ?? 0) + last.inputTokens,
          cachedInputTokens: (previous?.cachedInputTokens ?? 0) + last.cachedInputTokens,
          outputTokens: (previous?.outputTokens ?? 0) + last.outputTokens,
          reasoningTokens: (previous?.reasoningTokens ?? 0) + last.reasoningOutputTokens,
        });
        return;
      }
      case 'model/rerouted':
        recorder.notice('model-fallback', `Codex answered with ${n.params.toModel} instead of ${n.params.fromModel}.`);
        return;
      case 'error':
        if (!n.params.willRetry) active.error = n.params.error;
        return;
      case 'turn/completed': {
        const { turn } = n.params;
        if (turn.status === 'completed') return active.finish('completed');
        if (turn.status === 'interrupted') return active.finish('interrupted');
        const error = turn.error ?? active.error;
        return active.finish('failed', turnError(error, recorder.stats.model));
      }
    }
  }

  private onItem(active: ActiveTurn, item: ThreadItem, phase: 'started' | 'completed'): void {
    if (item.type === 'userMessage' && phase === 'started' && active.pendingSteer) {
      const text = item.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
      if (text.includes(active.pendingSteer.text)) active.pendingSteer.apply();
    }
    const { recorder } = active;
    if (item.type === 'agentMessage' && phase === 'completed') {
      // item/completed is authoritative: add whatever the deltas missed.
      const streamed = active.itemText.get(item.id) ?? '';
      if (item.text.startsWith(streamed) && item.text.length > streamed.length) recorder.textDelta(item.text.slice(streamed.length), item.id);
      active.itemText.delete(item.id);
    } else if (item.type === 'fileChange' && phase === 'started') {
      // The proposal, as apply_patch input: the same hunks, cards and review as the direct path.
      recorder.toolCallStarted(item.id, { kind: 'custom', callId: item.id, name: 'apply_patch', input: '' });
      recorder.toolInputDelta(item.id, fileChangesToPatch(item.changes, this.options.cwd));
      recorder.toolCallDone(item.id);
      this.unreported.push(item.id);
    } else if (item.type === 'commandExecution' && phase === 'completed') {
      const verb = item.status === 'declined' ? 'Declined running' : item.status === 'failed' ? 'Codex could not run' : 'Codex ran (read-only sandbox)';
      recorder.notice('codex-command', `${verb}: ${item.command}`);
    }
  }

  /** Codex asks before writing or running: Flowpair writes accepted hunks itself, and runs nothing. */
  private async onServerRequest(request: HandledServerRequest): Promise<ServerRequestResults[keyof ServerRequestResults]> {
    if (request.method !== 'item/tool/call') return { decision: 'decline' };
    const command = requestedCommand(request.params);
    const active = this.active;
    if (active && active.threadId === request.params.threadId) {
      active.recorder.notice('codex-command', `Codex asked to run \`${command}\`: declined (Flowpair runs no commands for Codex).`);
    }
    return declinedCommand(command);
  }

  /** Restart right away (the session stays warm), but not in a loop: at most 3 restarts a minute. */
  private onCrash(error: BackendError): void {
    this.thread = undefined;
    this.modelList = undefined;
    this.fail(error);
    const now = Date.now();
    this.restarts = this.restarts.filter((at) => now - at < 60_000);
    if (this.disposed || this.restarts.length >= 3) {
      this.log.fire(`${error.message} It is started again on the next use.`);
      return;
    }
    this.restarts.push(now);
    this.log.fire(`${error.message} Restarting it.`);
    void this.warm();
  }

  private fail(error: unknown): BackendError {
    const failure = asCodexError(error);
    this._lastError = failure;
    this.setState('error');
    return failure;
  }

  private setState(state: BackendState): void {
    if (state === this._state) return;
    this._state = state;
    if (state !== 'error') this._lastError = undefined;
    this.stateChanged.fire(state);
  }
}

function isRole(choice: string): choice is keyof ModelRoles {
  return choice === 'fast' || choice === 'deep' || choice === 'backup';
}

/** The user's message, preceded by what became of the model's earlier file changes. */
function toUserInput(content: UserContent, outcomes: { outputs: ToolOutput[]; note?: string } = { outputs: [] }): UserInput[] {
  const input: UserInput[] = [];
  const lines = outcomes.outputs.map((o) => `- change ${o.callId}: ${o.output}`);
  if (outcomes.note) lines.push(outcomes.note);
  if (lines.length) {
    input.push({ type: 'text', text: `Flowpair review of your earlier file changes (declined for Codex; accepted hunks were written by Flowpair):\n${lines.join('\n')}`, text_elements: [] });
  }
  const text = typeof content === 'string' ? content : content.map((part) => ('text' in part ? part.text : '')).join('');
  if (text) input.push({ type: 'text', text, text_elements: [] });
  return input;
}

function asCodexError(error: unknown): BackendError {
  if (error instanceof BackendError) return error;
  if (error instanceof RpcError && error.code === OVERLOADED) {
    return new BackendError('codex-overloaded', 'The Codex app-server is overloaded and kept refusing the request. Try again in a moment.');
  }
  return new BackendError('server', error instanceof Error ? error.message : String(error));
}

function turnError(error: TurnError | null | undefined, model: string): BackendError {
  const info: CodexErrorInfo | null = error?.codexErrorInfo ?? null;
  const message = error?.message ?? 'The Codex turn failed.';
  if (info === 'unauthorized') return new BackendError('codex-sign-in', `Codex refused the request: ${message} Sign in with ChatGPT again.`);
  if (info === 'modelNotFound') return new BackendError('model-not-found', `${model} is not available to this Codex account.`);
  if (info === 'usageLimitExceeded' || info === 'rateLimitExceeded') return new BackendError('rate-limited', message);
  if (info === 'serverOverloaded') return new BackendError('codex-overloaded', message);
  return new BackendError('server', message);
}
