// The one facade the UI uses. Thread → turn → item, like Codex's app-server: `send` starts a turn,
// `interrupt` stops it (the partial answer is kept), `steer` interrupts and continues with a new
// instruction. Picks the transport from what the base URL supports and falls back — to the
// backup model when the chosen one is unavailable or rate-limited — saying so in the turn.
import type OpenAI from 'openai';
import type { ResponseInputItem, Tool } from 'openai/resources/responses/responses';
import { Conversation, type ToolOutput, type UserContent } from './conversation';
import { Emitter } from './emitter';
import { asBackendError, classifyError, type BackendError } from './errors';
import { streamChatCompletions, streamResponsesHttp, type HttpOutcome } from './http';
import {
  DEFAULT_MODELS,
  OPENAI_BASE_URL,
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
}

/** A role from the model picker, or a model id. */
export type ModelChoice = keyof ModelRoles | (string & {});

export interface SendRequest {
  /** The user's message. May be empty when the turn only returns tool outputs. */
  input?: UserContent;
  /** What became of the previous turn's tool calls; calls left out are sent as still pending. */
  toolOutputs?: ToolOutput[];
  model?: ModelChoice;
  /** Sent with every request: the API does not carry them over a chain. */
  instructions?: string;
  tools?: Tool[];
  /** Offer apply_patch in the shape this backend supports (default true). */
  applyPatch?: boolean;
  /** Other Responses fields (reasoning, text, …), passed through. */
  extra?: Record<string, unknown>;
}

export interface WarmRequest extends Omit<SendRequest, 'input' | 'toolOutputs'> {
  /** Context to hold on the server before the user sends (e.g. the open file). */
  context?: ResponseInputItem[] | string;
}

export type BackendState = SessionState;

/** Node's fetch drops a pooled connection after ~4 s idle; an HTTP turn after that is cold. */
const HTTP_KEEPALIVE_MS = 4_000;
const RATE_LIMIT_DEFAULT_MS = 30_000;

export class Backend {
  readonly stateChanged = new Emitter<BackendState>();
  readonly models: ModelRoles;
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

  constructor(options: BackendOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl ?? OPENAI_BASE_URL;
    this.models = { ...DEFAULT_MODELS, ...options.models };
    this.session = new WarmSession({ ...options, baseUrl: this.baseUrl }, this.conversation);
    this.session.stateChanged.on((state) => this.setState(state));
    if (options.capabilities) this.caps = Promise.resolve(options.capabilities);
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
    try {
      const caps = await this.capabilities();
      if (request.context) {
        const items: ResponseInputItem[] = typeof request.context === 'string' ? [{ role: 'user', content: request.context }] : request.context;
        this.conversation.addContext(items);
      }
      if (!caps.websocket) {
        this.setState('warm'); // HTTP holds nothing between turns
        return;
      }
      await this.session.warm(this.setupFor(request, 'websocket', caps, this.pickModel(request.model).model));
    } catch (error) {
      this._lastError = asBackendError(error);
      this.setState('error');
    }
  }

  /** Keep the socket warm while the window is focused; the shorter idle timeout applies otherwise. */
  setFocused(focused: boolean): void {
    this.session.setFocused(focused);
  }

  /** Starts a turn. Turns run one at a time: a new one waits for the previous to end. */
  send(request: SendRequest): Turn {
    const abort = new AbortController();
    const turn = new Turn(`turn-${++this.turnCount}`, () => abort.abort(new DOMException('Interrupted', 'AbortError')));
    const previous = this.turns;
    this.turns = previous.then(() => this.runTurn(turn, request, abort.signal));
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

  dispose(): void {
    this.session.dispose();
    this.stateChanged.clear();
  }

  // ---- internals ----

  private async runTurn(turn: Turn, request: SendRequest, signal: AbortSignal): Promise<void> {
    let { model, notice } = this.pickModel(request.model);
    let caps: Capabilities | undefined;
    let transports: Transport[] = [];
    try {
      caps = await this.capabilities();
      transports = transportsFor(caps);
    } catch (error) {
      this._lastError = asBackendError(error);
    }
    let transport: Transport = transports[0] ?? 'responses-http';
    const turnInput = this.conversation.turnInput(request.input, request.toolOutputs);
    const recorder = new TurnRecorder((event) => turn.emit(event), { transport, warm: this.isWarm(transport), model });
    const editFormat = editFormatFor(caps ? editToolFor(transport, caps) : 'text');
    turn.emit({ type: 'started', turnId: turn.id, model, transport, warm: recorder.stats.warm, editFormat });
    if (notice) recorder.notice('model-fallback', notice);

    let socketId: number | undefined;
    const finish = (status: TurnStatus, error?: BackendError, reason?: string) => {
      const result = recorder.result(status);
      if (status !== 'failed' || recorder.hasOutput) {
        this.conversation.commitTurn(turnInput, result, transport === 'websocket' ? socketId : undefined);
      }
      // The socket that carried an interrupted, dropped or broken turn is gone: prewarm its successor now
      // (synchronously started, so the next turn waits for it and chains on it).
      const socketLost = status === 'interrupted' || (status === 'failed' && recorder.hasOutput);
      if (socketLost && transport === 'websocket' && caps) {
        this.session.warm(this.setupFor(request, transport, caps, model)).catch(() => {});
      }
      if (status === 'completed') turn.emit({ type: 'completed', result });
      else if (status === 'incomplete') turn.emit({ type: 'incomplete', result, reason: reason ?? 'incomplete' });
      else if (status === 'failed') turn.emit({ type: 'failed', result, error: error ?? classifyError({}) });
      else if (error?.kind === 'connection-lost') turn.emit({ type: 'interrupted', result, cause: 'connection-lost', message: error.message });
      else turn.emit({ type: 'interrupted', result, cause: 'user', message: 'Stopped; the partial answer is kept.' });
    };

    if (!caps) return finish('failed', this._lastError);
    for (;;) {
      recorder.stats.transport = transport;
      recorder.stats.model = model;
      try {
        const outcome = await this.attempt(transport, this.setupFor(request, transport, caps, model), turnInput, recorder, signal);
        socketId = outcome.socketId;
        return finish(outcome.status, undefined, outcome.incompleteReason);
      } catch (caught) {
        if (signal.aborted) return finish('interrupted');
        const error = asBackendError(caught);
        if (!recorder.hasOutput) {
          const backup = this.fallbackModel(model, error);
          if (backup) {
            recorder.notice('model-fallback', backup.notice);
            model = backup.model;
            continue;
          }
          const next = this.fallbackTransport(transport, transports, caps, error);
          if (next) {
            recorder.notice('transport-fallback', `${describe(transport)} is not available here (${error.message}); using ${describe(next)}.`);
            transport = next;
            continue;
          }
        }
        if (error.kind === 'connection-lost') return finish('interrupted', error);
        return finish('failed', error);
      }
    }
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
      return transport === 'responses-http'
        ? await streamResponsesHttp(client, setup, input, recorder, signal, this.options.store ?? false)
        : await streamChatCompletions(client, setup, input, recorder, signal);
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

  /** A route the server lacks (or a WebSocket that cannot connect) moves the turn down one transport. */
  private fallbackTransport(transport: Transport, transports: Transport[], caps: Capabilities, error: BackendError): Transport | undefined {
    const sticky = error.kind === 'unsupported';
    const transient = error.kind === 'unreachable' && transport === 'websocket';
    if (!sticky && !transient) return undefined;
    const next = transports[transports.indexOf(transport) + 1];
    if (sticky) {
      const updated = { ...caps };
      if (transport === 'websocket') updated.websocket = false;
      if (transport === 'responses-http') updated.responses = false;
      if (transport === 'chat-completions') updated.chat = false;
      this.caps = Promise.resolve(updated);
      updateCapabilities(this.baseUrl, updated);
    }
    return next;
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
    return transport === 'websocket' ? this.session.isWarm : performance.now() - this.lastHttpAt < HTTP_KEEPALIVE_MS;
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
    if (state !== 'error') this._lastError = undefined;
    this.stateChanged.fire(state);
  }
}

function isRole(choice: string): choice is keyof ModelRoles {
  return choice === 'fast' || choice === 'deep' || choice === 'backup';
}

function describe(transport: Transport): string {
  return transport === 'websocket' ? 'The WebSocket mode' : transport === 'responses-http' ? 'Responses over HTTP' : 'Chat Completions';
}
