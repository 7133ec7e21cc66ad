// The one facade the UI uses. Thread → turn → item, like Codex's app-server: `send` starts a turn,
// `interrupt` stops it (the partial answer is kept), `steer` interrupts and continues with a new
// instruction. Picks the transport from what the base URL supports and falls back — to the
// backup model when the chosen one is unavailable or rate-limited — saying so in the turn.
import type OpenAI from 'openai';
import type { ResponseInputItem, Tool } from 'openai/resources/responses/responses';
import { abortable, whenAborted } from './abort';
import { Conversation, type ToolOutput, type UserContent } from './conversation';
import { Emitter } from './emitter';
import { BackendError, asBackendError, classifyError, isRefusedConnection, isStall, limitExceeded, noAnswer } from './errors';
import { streamChatCompletions, streamResponsesHttp, type HttpOutcome } from './http';
import { LIMIT_SETTINGS, resolveLimits, type Limits } from './limits';
import {
  DEFAULT_MODELS,
  OPENAI_BASE_URL,
  checkReachable,
  detectCapabilities,
  editToolFor,
  listModels,
  transportsFor,
  updateCapabilities,
  type Capabilities,
  type ModelInfo,
  type ModelRoles,
} from './providers';
import { createClient } from './sdk';
import { WarmSession, type SessionOptions, type SessionState, type TurnSetup } from './session';
import { SEARCH_REPLACE_INSTRUCTIONS, applyPatchTool, editFormatFor, type EditFormat } from './tools';
import { Turn, TurnRecorder, type Transport, type TurnStatus } from './turn';

export interface BackendOptions extends Omit<SessionOptions, 'baseUrl' | 'apiKey'> {
  /** Any OpenAI-compatible base URL, including /v1. Default: OpenAI. */
  baseUrl?: string;
  /** From SecretStorage or OPENAI_API_KEY; empty for local servers. Never logged. */
  apiKey: string;
  models?: Partial<ModelRoles>;
  /** Skip detection (tests, or a provider preset that knows). */
  capabilities?: Capabilities;
  /**
   * `ws`: like the OpenAI preset (WebSocket first, then its fallbacks); `http` / `chat`: only that
   * route; `auto` (default): detect, as for a custom base URL. Ignored when `capabilities` is given.
   */
  transport?: TransportChoice;
  limits?: Partial<Limits>;
  /** After a refused WebSocket upgrade, use HTTP for this long before trying WebSocket again. */
  wsCooldownMs?: number;
  /** Background reconnect delays while offline, ms (the last one repeats). */
  offlineRetryMs?: number[];
}

export type TransportChoice = 'auto' | 'ws' | 'http' | 'chat';

/** A role from the model picker, or a model id. */
export type ModelChoice = keyof ModelRoles | (string & {});

export interface SendRequest {
  /** The turn's id, when the caller has one (the composer's id, from the prompt box to the socket). */
  turnId?: string;
  /** The user's message. May be empty when the turn only returns tool outputs. */
  input?: UserContent;
  /** What became of the previous turn's tool calls; calls left out are sent as still pending. */
  toolOutputs?: ToolOutput[];
  /**
   * Asked when the turn starts (after the turn before it ended, so a steered turn's calls are
   * known): an output for each call still awaiting one, and a note on later decisions, if any.
   */
  takeOutcomes?: (awaitingOutput: readonly string[]) => Promise<TurnOutcomes>;
  model?: ModelChoice;
  /** Sent with every request: the API does not carry them over a chain. */
  instructions?: string;
  tools?: Tool[];
  /** Offer apply_patch in the shape this backend supports (default true). */
  applyPatch?: boolean;
  /** Other Responses fields (reasoning, text, …), passed through. */
  extra?: Record<string, unknown>;
}

export interface TurnOutcomes {
  outputs: ToolOutput[];
  /** Decisions on calls whose output was already given (or never needed), sent as a user message. */
  note?: string;
}

export interface WarmRequest extends Omit<SendRequest, 'input' | 'toolOutputs' | 'takeOutcomes' | 'turnId'> {
  /** Context to hold on the server before the user sends (e.g. the open file). */
  context?: ResponseInputItem[] | string;
}

/** `offline`: nothing answers at the base URL; the backend retries in the background with backoff. */
export type BackendState = SessionState | 'offline';

/** Node's fetch drops a pooled connection after ~4 s idle; an HTTP turn after that is cold. */
const HTTP_KEEPALIVE_MS = 4_000;
const RATE_LIMIT_DEFAULT_MS = 30_000;
const WS_COOLDOWN_MS = 10 * 60_000;
const STALL_TIMEOUT_MS = 90_000;
/** Background reconnect delays while offline (the last one repeats). */
const RECONNECT_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

const FORCED: Record<Exclude<TransportChoice, 'auto'>, Capabilities> = {
  ws: { websocket: true, responses: true, chat: true, editTool: 'custom' },
  http: { websocket: false, responses: true, chat: false, editTool: 'function' },
  chat: { websocket: false, responses: false, chat: true, editTool: 'function' },
};

export class Backend {
  readonly stateChanged = new Emitter<BackendState>();
  /** Connection-log lines that are not about one turn (a fallback taken, a retry, going offline). */
  readonly log = new Emitter<string>();
  readonly models: ModelRoles;
  readonly limits: Limits;
  private readonly options: BackendOptions;
  private readonly baseUrl: string;
  private readonly conversation = new Conversation();
  private readonly session: WarmSession;
  private http: Promise<OpenAI> | undefined;
  private caps: Promise<Capabilities> | undefined;
  private _state: BackendState = 'cold';
  private _lastError: BackendError | undefined;
  private lastHttpAt = -Infinity;
  private turns: Promise<unknown> = Promise.resolve();
  private turnCount = 0;
  /** Model id → until when it is not worth asking (Infinity: not available to this key). */
  private readonly unavailableUntil = new Map<string, number>();
  /** A refused WebSocket upgrade: HTTP until then. */
  private wsRefusedUntil = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectAttempt = 0;
  private lastWarm: WarmRequest = {};
  private disposed = false;

  constructor(options: BackendOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl ?? OPENAI_BASE_URL;
    this.models = { ...DEFAULT_MODELS, ...options.models };
    this.limits = resolveLimits(options.limits);
    this.session = new WarmSession({ ...options, baseUrl: this.baseUrl, maxFrameBytes: this.limits.maxFrameBytes }, this.conversation);
    this.session.stateChanged.on((state) => {
      // While offline only a socket that really opened says otherwise (retries do not flicker the badge).
      if (this._state !== 'offline' || state === 'warm') this.setState(state);
    });
    const forced = options.transport && options.transport !== 'auto' ? FORCED[options.transport] : undefined;
    const caps = options.capabilities ?? forced;
    if (caps) this.caps = Promise.resolve(caps);
  }

  get state(): BackendState {
    return this._state;
  }

  /** Why the state is `error` (a failed warm-up), for the status bar. */
  get lastError(): BackendError | undefined {
    return this._lastError;
  }

  /** The full input history, for display or export. */
  get history(): readonly ResponseInputItem[] {
    return this.conversation.history;
  }

  /** Tool calls of the last turn that still need an output (sent as pending if not given). */
  get pendingToolCalls() {
    return this.conversation.pendingToolCalls;
  }

  /**
   * The user showed intent (composer focused, first keystroke, a fix being computed): open and
   * prewarm. Idempotent and cheap when already warm; never rejects (see `state`, `lastError`).
   */
  async warm(request: WarmRequest = {}): Promise<void> {
    const { context, ...rest } = request;
    this.lastWarm = rest;
    try {
      const caps = await this.capabilities();
      if (context) {
        const items: ResponseInputItem[] = typeof context === 'string' ? [{ role: 'user', content: context }] : context;
        this.conversation.addContext(items);
      }
      if (this.transportsNow(caps)[0] !== 'websocket') {
        // HTTP holds nothing between turns; when offline, check that something answers again.
        if (this._state === 'offline') await checkReachable(this.baseUrl);
        this.online('warm');
        return;
      }
      await this.session.warm(this.setupFor(request, 'websocket', caps, this.pickModel(request.model).model));
      if (this.session.state === 'warm') this.online('warm');
    } catch (error) {
      this.failedToConnect(asBackendError(error));
    }
  }

  /** Keep the socket warm while the window is focused; the shorter idle timeout applies otherwise. */
  setFocused(focused: boolean): void {
    this.session.setFocused(focused);
  }

  /**
   * Starts a turn. Turns run one at a time: a new one waits for the previous to end. Stop (interrupt)
   * ends it in any phase, also while it waits: it then never reaches the server.
   */
  send(request: SendRequest): Turn {
    const abort = new AbortController();
    const turn = new Turn(request.turnId ?? `turn-${++this.turnCount}`, () => abort.abort(new DOMException('Interrupted', 'AbortError')));
    const previous = this.turns;
    const run = (async () => {
      await Promise.race([previous, whenAborted(abort.signal)]);
      if (abort.signal.aborted) return this.stoppedBeforeStart(turn, request);
      await this.runTurn(turn, request, abort);
    })().catch(() => {});
    this.turns = Promise.all([previous, run]);
    return turn;
  }

  /** Interrupt `turn` (its partial answer is kept in the thread) and continue with a new instruction. */
  steer(turn: Turn, instruction: UserContent, request: Omit<SendRequest, 'input'> = {}): Turn {
    turn.interrupt();
    return this.send({ ...request, input: instruction });
  }

  capabilities(): Promise<Capabilities> {
    this.caps ??= detectCapabilities(this.baseUrl, this.detectOptions()).catch((error) => {
      this.caps = undefined;
      throw error;
    });
    return this.caps;
  }

  /** How the UI must parse edits on this backend (apply_patch or SEARCH/REPLACE). */
  async editFormat(): Promise<EditFormat> {
    const caps = await this.capabilities();
    return editFormatFor(editToolFor(transportsFor(caps)[0] ?? 'chat-completions', caps));
  }

  listModels(): Promise<ModelInfo[]> {
    return listModels(this.baseUrl, this.options.apiKey);
  }

  /** Start a new thread: forget history, pending tool calls and the chain anchor. */
  reset(): void {
    this.conversation.clear();
  }

  /** Continue a saved thread: the next request sends its whole input (never a stale previous_response_id). */
  resume(history: readonly ResponseInputItem[]): void {
    this.conversation.restore(history);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.reconnectTimer);
    this.session.dispose();
    this.stateChanged.clear();
    this.log.clear();
  }

  // ---- internals ----

  private stoppedBeforeStart(turn: Turn, request: SendRequest): void {
    const model = this.pickModel(request.model).model;
    const recorder = new TurnRecorder(() => {}, { transport: 'responses-http', warm: false, model });
    turn.emit({ type: 'started', turnId: turn.id, model, transport: recorder.stats.transport, warm: false, editFormat: 'apply_patch' });
    turn.emit({ type: 'interrupted', result: recorder.result('interrupted'), cause: 'user', message: 'Stopped before it was sent.' });
  }

  private async runTurn(turn: Turn, request: SendRequest, abort: AbortController): Promise<void> {
    const signal = abort.signal;
    let { model, notice } = this.pickModel(request.model);
    let caps: Capabilities | undefined;
    let transports: Transport[] = [];
    let stoppedEarly = false;
    try {
      caps = await abortable(this.capabilities(), signal); // detection may take seconds: Stop must not wait
      transports = this.transportsNow(caps);
    } catch (error) {
      if (signal.aborted) stoppedEarly = true;
      else this._lastError = asBackendError(error);
    }
    let transport: Transport = transports[0] ?? 'responses-http';
    // A failing callback must not wedge the turn queue: its calls then go out as still pending.
    const outcomes = await request.takeOutcomes?.(this.conversation.pendingToolCalls.map((c) => c.callId)).catch(() => undefined);
    const turnInput = this.conversation.turnInput(request.input, outcomes?.outputs ?? request.toolOutputs, outcomes?.note);
    const recorder = new TurnRecorder((event) => turn.emit(event), { transport, warm: this.isWarm(transport), model }, this.limits);
    const editFormat = editFormatFor(caps ? editToolFor(transport, caps) : 'text');
    turn.emit({ type: 'started', turnId: turn.id, model, transport, warm: recorder.stats.warm, editFormat });
    if (notice) recorder.notice('model-fallback', notice);
    const maxTurn = setTimeout(() => {
      const minutes = Math.round((this.limits.maxTurnMs / 60_000) * 10) / 10;
      abort.abort(limitExceeded(`The turn ran longer than ${minutes} min`, LIMIT_SETTINGS.maxTurnMs));
    }, this.limits.maxTurnMs);

    let socketId: number | undefined;
    const finish = (status: TurnStatus, error?: BackendError, reason?: string) => {
      clearTimeout(maxTurn);
      const result = recorder.result(status);
      // A turn that failed before any output leaves no trace: the prompt goes back to the user.
      if (status !== 'failed' || recorder.hasOutput) {
        this.conversation.commitTurn(turnInput, result, transport === 'websocket' ? socketId : undefined);
      }
      // The socket that carried an interrupted, dropped or broken turn is gone: prewarm its successor now
      // (synchronously started, so the next turn waits for it and chains on it).
      const socketLost = status === 'interrupted' || (status === 'failed' && recorder.hasOutput);
      if (socketLost && transport === 'websocket' && caps) {
        this.session.warm(this.setupFor(request, transport, caps, model)).catch(() => {});
      }
      if (recorder.stats.malformedEvents > 0) this.log.fire(`${turn.id}: skipped ${recorder.stats.malformedEvents} malformed event(s) from the server`);
      if (status === 'completed' || status === 'incomplete') {
        if (transport !== 'websocket') this.online('warm');
        this.reconnectAttempt = 0;
      }
      if (status === 'completed') turn.emit({ type: 'completed', result });
      else if (status === 'incomplete') turn.emit({ type: 'incomplete', result, reason: reason ?? 'incomplete' });
      else if (status === 'failed') turn.emit({ type: 'failed', result, error: error ?? classifyError({}) });
      else if (error?.kind === 'connection-lost') turn.emit({ type: 'interrupted', result, cause: 'connection-lost', message: error.message });
      else turn.emit({ type: 'interrupted', result, cause: 'user', message: 'Stopped; the partial answer is kept.' });
    };
    const aborted = () => {
      const reason: unknown = signal.reason;
      return reason instanceof BackendError ? finish('failed', reason) : finish('interrupted');
    };

    if (stoppedEarly) return aborted();
    if (!caps) {
      if (this._lastError?.kind === 'unreachable') this.failedToConnect(this._lastError);
      return finish('failed', this._lastError);
    }
    if (!transports.length) return finish('failed', new BackendError('unsupported', `${this.baseUrl} serves none of the routes Flowpair uses.`));
    if (signal.aborted) return aborted();
    let retried = false;
    for (;;) {
      recorder.stats.transport = transport;
      recorder.stats.model = model;
      const eventsBefore = recorder.events;
      try {
        const outcome = await this.attempt(transport, this.setupFor(request, transport, caps, model), turnInput, recorder, signal);
        socketId = outcome.socketId;
        return finish(outcome.status, undefined, outcome.incompleteReason);
      } catch (caught) {
        if (signal.aborted) return aborted();
        const error = asBackendError(caught);
        if (!recorder.hasOutput) {
          // Nothing came back before the connection closed (a proxy closing an idle keep-alive, a
          // server closing right after its last answer): the request is sent again, once, unseen.
          if (!retried && recorder.events === eventsBefore && this.isDropBeforeAnswer(error, transport)) {
            retried = true;
            this.log.fire(`${turn.id}: the connection closed before any answer came back; sent again on a new connection`);
            continue;
          }
          const backup = this.fallbackModel(model, error);
          if (backup) {
            recorder.notice('model-fallback', backup.notice);
            model = backup.model;
            continue;
          }
          const next = this.fallbackTransport(transport, transports, caps, error);
          if (next) {
            if (next.notice) recorder.notice('transport-fallback', next.notice);
            transport = next.transport;
            continue;
          }
          if (error.kind === 'unreachable') this.failedToConnect(error);
          if (error.kind === 'connection-lost') return finish('failed', isStall(error) ? error : noAnswer(this.baseUrl));
        }
        if (error.kind === 'connection-lost') return finish('interrupted', error);
        return finish('failed', error);
      }
    }
  }

  private isDropBeforeAnswer(error: BackendError, transport: Transport): boolean {
    if (error.kind === 'connection-lost') return !isStall(error);
    // On HTTP a connection reset before the response is reported by fetch as a failed request.
    return error.kind === 'unreachable' && transport !== 'websocket' && !isRefusedConnection(error);
  }

  /** The transports to try now, best first: WebSocket sits out its cool-down after a refused upgrade. */
  private transportsNow(caps: Capabilities): Transport[] {
    const all = transportsFor(caps);
    return Date.now() < this.wsRefusedUntil && all.length > 1 ? all.filter((t) => t !== 'websocket') : all;
  }

  /** Nothing answered: say `offline` and keep trying in the background until something does. */
  private failedToConnect(error: BackendError): void {
    this._lastError = error;
    if (error.kind !== 'unreachable') {
      this.setState('error');
      return;
    }
    if (this._state !== 'offline') this.log.fire(`${error.message} Retrying in the background.`);
    this.setState('offline');
    if (this.reconnectTimer || this.disposed) return;
    const delays = this.options.offlineRetryMs?.length ? this.options.offlineRetryMs : RECONNECT_DELAYS_MS;
    const delay = delays[Math.min(this.reconnectAttempt++, delays.length - 1)]!;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this._state === 'offline' && !this.disposed) void this.warm(this.lastWarm);
    }, delay);
    this.reconnectTimer.unref?.();
  }

  private online(state: BackendState): void {
    this.reconnectAttempt = 0;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    if (this._state === 'offline') this.log.fire(`${this.baseUrl} answers again.`);
    this.setState(state);
  }

  private async attempt(
    transport: Transport,
    setup: TurnSetup,
    turnInput: ResponseInputItem[],
    recorder: TurnRecorder,
    signal: AbortSignal,
  ): Promise<HttpOutcome & { socketId?: number }> {
    if (transport === 'websocket') {
      const { response, socketId } = await this.session.run(setup, turnInput, recorder, signal);
      if (response.status === 'failed') throw classifyError({ code: response.error?.code, message: response.error?.message }, setup.model);
      if (response.status === 'incomplete') {
        return { status: 'incomplete', socketId, incompleteReason: response.incomplete_details?.reason ?? 'incomplete' };
      }
      return { status: 'completed', responseId: response.id, socketId };
    }
    this.http ??= createClient({ ...this.options, baseUrl: this.baseUrl });
    const client = await this.http;
    const input = [...this.conversation.history, ...turnInput];
    try {
      const options = { store: this.options.store ?? false, maxFrameBytes: this.limits.maxFrameBytes, stallTimeoutMs: this.options.stallTimeoutMs ?? STALL_TIMEOUT_MS };
      return transport === 'responses-http'
        ? await streamResponsesHttp(client, setup, input, recorder, signal, options)
        : await streamChatCompletions(client, setup, input, recorder, signal, options);
    } finally {
      this.lastHttpAt = performance.now();
    }
  }

  private pickModel(choice: ModelChoice | undefined): { model: string; notice?: string } {
    const model = choice === undefined ? this.models.fast : isRole(choice) ? this.models[choice] : choice;
    const until = this.unavailableUntil.get(model);
    if (until === undefined || until <= Date.now() || model === this.models.backup) return { model };
    const why = until === Infinity ? 'is not available to this API key' : 'is rate-limited';
    return { model: this.models.backup, notice: `${model} ${why}; answering with ${this.models.backup}.` };
  }

  private fallbackModel(model: string, error: BackendError): { model: string; notice: string } | undefined {
    const backup = this.models.backup;
    if (model === backup) return undefined;
    if (error.kind === 'model-not-found') {
      this.unavailableUntil.set(model, Infinity);
      return { model: backup, notice: `${model} is not available to this API key; answering with ${backup}.` };
    }
    if (error.kind === 'rate-limited') {
      const wait = error.retryAfterMs ?? RATE_LIMIT_DEFAULT_MS;
      this.unavailableUntil.set(model, Date.now() + wait);
      return { model: backup, notice: `${model} is rate-limited (retry in ${Math.ceil(wait / 1000)} s); answering with ${backup}.` };
    }
    return undefined;
  }

  /**
   * A route the server lacks moves the turn down one transport for good; a refused WebSocket
   * upgrade (or a WebSocket that cannot connect to a host that is there) moves it to HTTP for a
   * cool-down, said once. A host that refuses connections altogether is not a WebSocket problem.
   */
  private fallbackTransport(
    transport: Transport,
    transports: Transport[],
    caps: Capabilities,
    error: BackendError,
  ): { transport: Transport; notice?: string } | undefined {
    const next = transports[transports.indexOf(transport) + 1];
    if (!next) return undefined;
    if (error.kind === 'unsupported') {
      const updated = { ...caps };
      if (transport === 'websocket') updated.websocket = false;
      if (transport === 'responses-http') updated.responses = false;
      if (transport === 'chat-completions') updated.chat = false;
      this.caps = Promise.resolve(updated);
      updateCapabilities(this.baseUrl, updated);
      return { transport: next, notice: `${describe(transport)} is not available here (${error.message}); using ${describe(next)}.` };
    }
    if (transport !== 'websocket') return undefined;
    const refusedUpgrade = error.upgradeStatus !== undefined && ![401, 403, 429].includes(error.upgradeStatus);
    const wsOnlyFailure = error.kind === 'unreachable' && !isRefusedConnection(error);
    if (!refusedUpgrade && !wsOnlyFailure) return undefined;
    const cooldownMs = this.options.wsCooldownMs ?? WS_COOLDOWN_MS;
    const firstTime = this.wsRefusedUntil === 0;
    this.wsRefusedUntil = Date.now() + cooldownMs;
    const why = refusedUpgrade ? `the WebSocket upgrade was refused with ${error.upgradeStatus}` : `the WebSocket could not connect (${error.message})`;
    const message = `${why}; using ${describe(next)} and trying WebSocket again in ${Math.round(cooldownMs / 60_000) || '<1'} min.`;
    this.log.fire(`${this.baseUrl}: ${message}`);
    return firstTime ? { transport: next, notice: message[0]!.toUpperCase() + message.slice(1) } : { transport: next };
  }

  private setupFor(request: WarmRequest, transport: Transport, caps: Capabilities, model: string): TurnSetup {
    const style = editToolFor(transport, caps);
    const tools = [...(request.tools ?? [])];
    const patchTool = request.applyPatch === false ? undefined : applyPatchTool(style);
    if (patchTool) tools.push(patchTool);
    let instructions = request.instructions;
    if (style === 'text' && request.applyPatch !== false) instructions = [instructions, SEARCH_REPLACE_INSTRUCTIONS].filter(Boolean).join('\n\n');
    const setup: TurnSetup = { model, tools };
    if (instructions) setup.instructions = instructions;
    if (request.extra) setup.extra = request.extra;
    return setup;
  }

  private isWarm(transport: Transport): boolean {
    if (transport === 'websocket') return this.session.isWarm;
    return performance.now() - this.lastHttpAt < HTTP_KEEPALIVE_MS;
  }

  private detectOptions() {
    const options: { apiKey?: string; ca?: string } = {};
    if (this.options.apiKey) options.apiKey = this.options.apiKey;
    if (this.options.ca) options.ca = this.options.ca;
    return options;
  }

  private setState(state: BackendState): void {
    if (state === this._state) return;
    this._state = state;
    if (state !== 'error' && state !== 'offline') this._lastError = undefined;
    this.stateChanged.fire(state);
  }
}

function isRole(choice: string): choice is keyof ModelRoles {
  return choice === 'fast' || choice === 'deep' || choice === 'backup';
}

function describe(transport: Transport): string {
  return transport === 'websocket' ? 'The WebSocket mode' : transport === 'responses-http' ? 'Responses over HTTP' : 'Chat Completions';
}
