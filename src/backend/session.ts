// The warm Responses WebSocket session, on the `openai` package's ResponsesWS (over `ws`).
// Opens on user intent, prewarms with generate:false, chains turns on previous_response_id, keeps
// a spare socket so an interrupt (= closing the busy socket) does not make the next turn cold,
// closes when idle and rolls over before the server's 60-minute connection limit.
import type OpenAI from 'openai';
import type { ResponsesWS } from 'openai/resources/responses/ws';
import type {
  Response,
  ResponseInputItem,
  ResponseStreamEvent,
  ResponsesClientEvent,
  ResponsesServerEvent,
  Tool,
} from 'openai/resources/responses/responses';
import { abortable } from './abort';
import { BackendError, classifyError, connectionLost, errorFromEvent, isStall, limitExceeded, stalled, unreachable } from './errors';
import type { Conversation } from './conversation';
import { DEFAULT_LIMITS, LIMIT_SETTINGS } from './limits';
import { createClient, loadSdk, type ClientConfig } from './sdk';
import type { TurnRecorder } from './turn';
import { Emitter } from './emitter';

/** What every request repeats: instructions and tools are not carried over by the chain. */
export interface TurnSetup {
  model: string;
  instructions?: string;
  tools?: Tool[];
  /** Other response.create fields (reasoning, text, …), passed through. */
  extra?: Record<string, unknown>;
}

export interface SessionOptions extends ClientConfig {
  /** Extra CA (PEM) to trust, e.g. a local server's self-signed certificate. */
  ca?: string;
  /** Close the sockets after this long without activity while the window is not focused. */
  idleCloseMs?: number;
  /** The same while the window is focused: a human pause must not cost a reconnect. */
  focusedIdleCloseMs?: number;
  /** Replace a socket this old (when idle) before the server's 60-minute limit. */
  rolloverMs?: number;
  openTimeoutMs?: number;
  /** A response that sends nothing for this long is treated as a dropped connection. */
  stallTimeoutMs?: number;
  /** A prewarm unanswered for this long is abandoned (its socket closed) and turns go ahead without it. */
  prewarmTimeoutMs?: number;
  /** Largest frame accepted (bytes); a bigger one ends the turn. */
  maxFrameBytes?: number;
  reconnect?: { maxRetries?: number; initialDelayMs?: number; maxDelayMs?: number };
  /** Send store:false (the default): chained ids then live only on their socket. */
  store?: boolean;
}

export type SessionState = 'cold' | 'warming' | 'warm' | 'error';

const DEFAULTS = {
  idleCloseMs: 5 * 60_000,
  focusedIdleCloseMs: 30 * 60_000,
  rolloverMs: 55 * 60_000,
  openTimeoutMs: 10_000,
  stallTimeoutMs: 90_000,
  prewarmTimeoutMs: 3_000,
};

let nextSocketId = 1;

interface InFlight {
  onEvent: (event: ResponseStreamEvent, bytes: number) => void;
  onMalformed: () => void;
  resolve: (response: Response) => void;
  reject: (error: Error) => void;
  /** Frames skipped as not JSON: if the socket then closes, the turn ends as a protocol error. */
  malformed: number;
}

/** One physical connection. Its id changes on reconnect: chained ids do not survive one. */
class Socket {
  id = nextSocketId++;
  readonly openedAt = performance.now();
  readonly opened: Promise<void>;
  isOpen = false;
  closed = false;
  private readonly ws: ResponsesWS;
  private readonly eventBytes: (event: ResponsesServerEvent) => number;
  private current: InFlight | undefined;
  private idleWaiters: Array<() => void> = [];
  private lastError: BackendError | undefined;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly stallTimeoutMs: number;
  private readonly maxFrameBytes: number;
  /** Opened at least once: not opening now means reconnecting. */
  everOpened = false;

  constructor(
    sdk: Awaited<ReturnType<typeof loadSdk>>,
    client: OpenAI,
    options: SessionOptions,
    private readonly events: { changed: (socket: Socket) => void; reconnected: (socket: Socket) => void; closed: (socket: Socket) => void },
  ) {
    this.eventBytes = sdk.eventBytes;
    this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULTS.stallTimeoutMs;
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_LIMITS.maxFrameBytes;
    const wsOptions: ConstructorParameters<typeof sdk.ResponsesWS>[1] = {
      headers: { 'OpenAI-Beta': 'responses_websockets=2026-02-06', ...options.headers },
      handshakeTimeout: options.openTimeoutMs ?? DEFAULTS.openTimeoutMs,
      maxQueueSize: 256 * 1024 * 1024,
      // `ws` refuses a bigger frame before buffering it (close 1009) and reports it as an error.
      maxPayload: this.maxFrameBytes,
      reconnect: {
        maxRetries: options.reconnect?.maxRetries ?? 5,
        initialDelay: options.reconnect?.initialDelayMs ?? 250,
        maxDelay: options.reconnect?.maxDelayMs ?? 8_000,
        // A socket that never opened is a configuration problem (key, URL, route): report it now.
        onReconnecting: () => (this.everOpened ? undefined : { abort: true }),
      },
    };
    if (options.ca) wsOptions.ca = options.ca;
    this.ws = new sdk.ResponsesWS(client, wsOptions);
    this.opened = new Promise<void>((resolve, reject) => {
      this.ws.socket.on('open', () => {
        this.everOpened = true;
        this.isOpen = true;
        resolve();
      });
      this.ws.on('close', () => reject(this.lastError ?? unreachable(options.baseUrl)));
    });
    this.opened.catch(() => {}); // observed by whoever awaits it
    this.ws.on('event', (event) => this.dispatch(event));
    // A frame that is not JSON is skipped and counted; the answer goes on if the server does.
    this.ws.on('raw', () => this.skipMalformed());
    this.ws.on('error', (error) => {
      if (error.error) return; // an API error frame, already dispatched as an event
      if (/received (invalid|reserved) WebSocket event/.test(error.message)) return this.skipMalformed();
      const cause = error.cause as { code?: string } | undefined;
      if (cause?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        const mib = Math.round((this.maxFrameBytes / 1024 / 1024) * 10) / 10;
        this.close('frame too large', limitExceeded(`The server sent a frame larger than ${mib} MiB`, LIMIT_SETTINGS.maxFrameBytes));
        return;
      }
      this.lastError = socketError(error.message, options.baseUrl, error.cause);
    });
    this.ws.on('reconnecting', () => {
      this.isOpen = false;
      this.id = nextSocketId++;
      this.fail(connectionLost());
      this.events.changed(this);
    });
    this.ws.on('reconnected', () => {
      this.isOpen = true;
      this.events.reconnected(this);
    });
    this.ws.on('close', () => this.markClosed());
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Lost its connection after having been open: the SDK is reconnecting it with backoff. */
  get reconnecting(): boolean {
    return this.everOpened && !this.isOpen && !this.closed;
  }

  /**
   * Sends one response.create and settles on its terminal event. One at a time per socket.
   * With `timeoutMs`, an unanswered request closes the socket (a response may still be in flight
   * on the server, so nothing else can be sent on it).
   */
  request(
    body: ResponsesClientEvent,
    handlers: { onEvent: InFlight['onEvent']; onSent: (bytes: number) => void; onMalformed?: () => void },
    timeoutMs?: number,
  ): Promise<Response> {
    if (this.current) return Promise.reject(new BackendError('protocol', 'A response is already in flight on this socket.'));
    if (this.closed) return Promise.reject(connectionLost());
    return new Promise<Response>((resolve, reject) => {
      this.current = { onEvent: handlers.onEvent, onMalformed: handlers.onMalformed ?? (() => {}), resolve, reject, malformed: 0 };
      this.armStallTimer(timeoutMs);
      const json = JSON.stringify(body);
      this.ws.sendRaw(json);
      handlers.onSent(Buffer.byteLength(json));
    });
  }

  /** Resolves when no response is in flight (e.g. a prewarm still running). */
  whenIdle(): Promise<void> {
    if (!this.current) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Closing counts as closed at once: nothing more may be sent on this socket. */
  close(reason: string, error?: Error): void {
    if (error) this.fail(error);
    if (this.closed) return;
    this.ws.close({ code: 1000, reason });
    this.markClosed();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.isOpen = false;
    this.closed = true;
    this.fail(connectionLost());
    this.events.closed(this);
  }

  private skipMalformed(): void {
    const current = this.current;
    if (!current) return;
    current.malformed++;
    current.onMalformed();
  }

  private dispatch(event: ResponsesServerEvent): void {
    const current = this.current;
    if (!current) return;
    this.armStallTimer();
    if (event.type === 'error') {
      this.fail(errorFromEvent(event));
      return;
    }
    try {
      current.onEvent(event as unknown as ResponseStreamEvent, this.eventBytes(event));
    } catch (error) {
      // A limit: the response is still streaming, so this socket cannot carry another one.
      this.close('limit', error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (event.type === 'response.completed' || event.type === 'response.incomplete' || event.type === 'response.failed') {
      this.settle();
      current.resolve(event.response);
    }
  }

  private fail(error: Error): void {
    const current = this.current;
    if (!current) return;
    this.settle();
    const lost = error instanceof BackendError && error.kind === 'connection-lost' && !isStall(error);
    current.reject(lost && current.malformed > 0 ? malformedThenClosed() : error);
  }

  private armStallTimer(timeoutMs?: number): void {
    clearTimeout(this.stallTimer);
    if (timeoutMs !== undefined) {
      this.stallTimer = setTimeout(() => {
        if (this.current) this.close('no answer', new BackendError('server', `The server did not answer within ${timeoutMs} ms.`, { code: 'no-answer' }));
      }, timeoutMs);
      return;
    }
    this.stallTimer = setTimeout(() => {
      if (this.current) {
        this.close('stalled', stalled());
      }
    }, this.stallTimeoutMs);
  }

  private settle(): void {
    clearTimeout(this.stallTimer);
    this.current = undefined;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}

function malformedThenClosed(): BackendError {
  return new BackendError('protocol', 'The server sent a malformed frame and then closed the connection; the partial answer is kept.');
}

/** Upgrade refusals arrive as "Unexpected server response: 401" from `ws`. */
function socketError(message: string, baseUrl: string, cause: unknown): BackendError {
  const status = /Unexpected server response: (\d+)/.exec(message)?.[1];
  if (status) {
    const error = classifyError({ status: Number(status), message: `WebSocket upgrade refused with ${status}` });
    return new BackendError(error.kind, error.message, { status: error.status, upgradeStatus: Number(status) });
  }
  return unreachable(baseUrl, cause instanceof Error ? cause : new Error(message));
}

export class WarmSession {
  readonly stateChanged = new Emitter<SessionState>();
  private _state: SessionState = 'cold';
  private active: Socket | undefined;
  private spare: Socket | undefined;
  private client: Promise<OpenAI> | undefined;
  private setup: TurnSetup | undefined;
  private warming: Promise<void> | undefined;
  private focused = true;
  private inFlight = 0;
  private lastActivity = performance.now();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private rolloverTimer: ReturnType<typeof setTimeout> | undefined;
  private rolloverDue = false;
  private disposed = false;
  /** Set once a prewarm went unanswered: this server gets no more of them. */
  private prewarmUnanswered = false;

  constructor(
    private readonly options: SessionOptions,
    private readonly conversation: Conversation,
  ) {}

  get state(): SessionState {
    return this._state;
  }

  /** True when a turn sent now would go out on an already open socket. */
  get isWarm(): boolean {
    return Boolean(this.active?.isOpen || (!this.active?.isOpen && this.spare?.isOpen));
  }

  /** Open (if needed) and prewarm with the current setup and context. Cheap when already warm. */
  warm(setup?: TurnSetup): Promise<void> {
    if (setup) this.setup = setup;
    this.touch();
    this.warming ??= this.doWarm().finally(() => (this.warming = undefined));
    return this.warming;
  }

  setFocused(focused: boolean): void {
    this.focused = focused;
    this.touch();
  }

  /**
   * Runs one response on the warm socket: chained on the anchor when this socket holds it, the
   * full input otherwise; an expired anchor and the connection limit are retried transparently.
   */
  async run(
    setup: TurnSetup,
    turnInput: ResponseInputItem[],
    recorder: TurnRecorder,
    signal: AbortSignal,
  ): Promise<{ response: Response; socketId: number }> {
    this.setup = setup;
    this.inFlight++;
    this.touch();
    try {
      // A prewarm under way (e.g. of the spare after an interrupt) is what this turn chains on; it
      // is bounded (prewarmTimeoutMs), and Stop ends the wait at once.
      const openAtStart = [this.active, this.spare].filter((s) => s?.isOpen);
      if (this.warming) await abortable(this.warming.catch(() => {}), signal);
      let socket = await abortable(this.activeSocket(), signal);
      // Warm = this turn went out on a connection that was already open when it started.
      recorder.stats.warm = openAtStart.includes(socket);
      await abortable(socket.opened, signal);
      await abortable(socket.whenIdle(), signal); // a prewarm may still be in flight (bounded too)
      if (socket.closed) {
        socket = await this.freshSocket(signal); // e.g. the prewarm was abandoned
        recorder.stats.warm = false;
      }
      void this.ensureSpare().catch(() => {});
      for (let attempt = 0; ; attempt++) {
        if (signal.aborted) throw signal.reason;
        const chain = this.conversation.chainFor(socket.id);
        const body = this.body(setup, [...chain.input, ...turnInput], chain.previousResponseId);
        const onAbort = () => this.interrupt(socket);
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          const response = await socket.request(body, {
            onEvent: (event, bytes) => {
              recorder.bytesReceived(bytes);
              recorder.onResponsesEvent(event);
            },
            onSent: (bytes) => recorder.requestSent(bytes),
            onMalformed: () => recorder.malformed(),
          });
          return { response, socketId: socket.id };
        } catch (error) {
          if (signal.aborted || attempt >= 2 || recorder.hasOutput || !(error instanceof BackendError)) throw error;
          if (error.kind === 'previous-response-not-found') {
            this.conversation.dropAnchor();
            recorder.notice('resent-full-input', 'The server had forgotten the conversation; sent it again in full.');
          } else if (error.kind === 'connection-limit') {
            this.retire(socket);
            socket = await this.freshSocket(signal);
            recorder.stats.warm = false;
          } else {
            throw error;
          }
        } finally {
          signal.removeEventListener('abort', onAbort);
        }
      }
    } finally {
      this.inFlight--;
      this.touch();
      if (this.rolloverDue) void this.rollover();
    }
  }

  private async freshSocket(signal: AbortSignal): Promise<Socket> {
    const socket = await abortable(this.activeSocket(), signal);
    await abortable(socket.opened, signal);
    return socket;
  }

  dispose(): void {
    this.disposed = true;
    this.closeAll('disposed');
    this.stateChanged.clear();
  }

  // ---- internals ----

  private async doWarm(): Promise<void> {
    if (this.disposed) return;
    const socket = await this.activeSocket();
    try {
      await socket.opened;
      await this.prewarm(socket);
    } catch (error) {
      if (socket === this.active) this.setState('error');
      throw error;
    }
  }

  /** generate:false with everything the socket does not hold yet, so the next turn sends only new input. */
  private async prewarm(socket: Socket): Promise<void> {
    if (!this.setup || this.prewarmUnanswered) {
      this.refreshState();
      return;
    }
    await socket.whenIdle();
    if (this.conversation.isAnchoredOn(socket.id) || socket.closed) {
      this.refreshState();
      return;
    }
    this.setState('warming');
    const chain = this.conversation.chainFor(socket.id);
    const body = this.body(this.setup, chain.input, chain.previousResponseId, false);
    const socketId = socket.id;
    try {
      const response = await socket.request(body, { onEvent: () => {}, onSent: () => {} }, this.options.prewarmTimeoutMs ?? DEFAULTS.prewarmTimeoutMs);
      if (socket.id === socketId) this.conversation.setAnchor(response.id, socketId, chain.covers);
    } catch (error) {
      if (error instanceof BackendError && (error.code === 'no-answer' || error.kind === 'bad-request' || error.kind === 'unsupported')) {
        // This server does not answer or refuses generate:false: turns go without a prewarm.
        this.prewarmUnanswered = true;
        this.refreshState();
        return;
      }
      // An expired anchor only means this prewarm must carry everything: do that once.
      if (!(error instanceof BackendError) || error.kind !== 'previous-response-not-found') throw error;
      this.conversation.dropAnchor();
      return this.prewarm(socket);
    } finally {
      this.refreshState();
    }
  }

  private body(setup: TurnSetup, input: ResponseInputItem[], previousResponseId: string | undefined, generate = true): ResponsesClientEvent {
    const body: ResponsesClientEvent = {
      ...setup.extra,
      type: 'response.create',
      model: setup.model,
      input,
      store: this.options.store ?? false,
    };
    if (setup.instructions) body.instructions = setup.instructions;
    if (setup.tools?.length) body.tools = setup.tools;
    if (previousResponseId) body.previous_response_id = previousResponseId;
    if (!generate) body.generate = false;
    return body;
  }

  private async activeSocket(): Promise<Socket> {
    // A socket the SDK is reconnecting (with backoff) would make the turn wait: use the spare or a new one.
    if (this.active?.reconnecting) this.retire(this.active);
    if (this.spare?.reconnecting) this.retire(this.spare);
    if (this.active && !this.active.closed) return this.active;
    if (this.spare && !this.spare.closed) {
      this.active = this.spare;
      this.spare = undefined;
    } else {
      this.active = await this.open();
    }
    this.refreshState();
    return this.active;
  }

  private async ensureSpare(): Promise<void> {
    if (this.spare && !this.spare.closed) return;
    const spare = await this.open();
    if (this.spare && !this.spare.closed) spare.close('not needed');
    else this.spare = spare;
    spare.opened.catch(() => {});
  }

  private async open(): Promise<Socket> {
    const sdk = await loadSdk();
    this.client ??= createClient(this.options);
    const client = await this.client;
    if (this.disposed) throw new BackendError('connection-lost', 'The session was disposed.');
    const socket = new Socket(sdk, client, this.options, {
      changed: (s) => {
        if (s === this.active) this.refreshState();
      },
      reconnected: (s) => {
        if (s === this.active) void this.warm().catch(() => {});
      },
      closed: (s) => {
        if (s === this.spare) this.spare = undefined;
        if (s === this.active) {
          this.active = undefined;
          this.refreshState();
          // The server closed it (we clear `active` before closing ours): an open spare takes over now.
          if (this.spare?.isOpen && !this.disposed) void this.warm().catch(() => {});
        }
      },
    });
    this.setState(this.active?.isOpen ? this._state : 'warming');
    socket.opened.then(() => {
      this.refreshState();
      this.armRollover();
    }, () => {});
    return socket;
  }

  /** Interrupt = close the busy socket; the spare takes over and is prewarmed by the next warm(). */
  private interrupt(socket: Socket): void {
    this.retire(socket);
    void this.activeSocket().catch(() => {});
  }

  private retire(socket: Socket): void {
    if (socket === this.active) this.active = undefined;
    if (socket === this.spare) this.spare = undefined;
    socket.close('interrupted', new DOMException('The turn was interrupted.', 'AbortError'));
  }

  private async rollover(): Promise<void> {
    this.rolloverDue = false;
    const old = this.active;
    if (!old || this.disposed) return;
    const fresh = await this.open();
    try {
      await fresh.opened;
    } catch {
      fresh.close('rollover failed');
      return; // keep the old socket; the next turn will find out
    }
    if (this.warming) await this.warming.catch(() => {});
    if (this.active !== old || old.busy || this.inFlight > 0 || this.disposed) {
      fresh.close('rollover postponed');
      if (this.active === old && !this.disposed) this.rolloverDue = true; // retried when the turn ends
      return;
    }
    const spare = this.spare; // about as old as the active one: replaced at the next turn
    this.spare = undefined;
    spare?.close('rollover');
    this.active = fresh;
    old.close('rollover');
    await this.warm().catch(() => {});
  }

  private armRollover(): void {
    clearTimeout(this.rolloverTimer);
    const active = this.active;
    if (!active) return;
    const rolloverMs = this.options.rolloverMs ?? DEFAULTS.rolloverMs;
    const due = Math.max(0, active.openedAt + rolloverMs - performance.now());
    this.rolloverTimer = setTimeout(() => {
      if (this.active !== active) return;
      if (this.inFlight > 0 || active.busy) this.rolloverDue = true;
      else void this.rollover();
    }, due);
    this.rolloverTimer.unref?.();
  }

  private touch(): void {
    this.lastActivity = performance.now();
    clearTimeout(this.idleTimer);
    const limit = this.focused
      ? (this.options.focusedIdleCloseMs ?? DEFAULTS.focusedIdleCloseMs)
      : (this.options.idleCloseMs ?? DEFAULTS.idleCloseMs);
    this.idleTimer = setTimeout(() => {
      if (this.inFlight === 0 && performance.now() - this.lastActivity >= limit - 1) this.closeAll('idle');
    }, limit);
    this.idleTimer.unref?.();
  }

  private closeAll(reason: string): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.rolloverTimer);
    for (const socket of [this.active, this.spare]) socket?.close(reason);
    this.active = undefined;
    this.spare = undefined;
    this.conversation.dropAnchor();
    this.setState('cold');
  }

  private refreshState(): void {
    if (this.disposed) return;
    const active = this.active;
    if (!active || active.closed) this.setState(this._state === 'error' ? 'error' : 'cold');
    else if (!active.isOpen || active.busy) this.setState(active.isOpen ? this._state : 'warming');
    else this.setState('warm');
  }

  private setState(state: SessionState): void {
    if (state === this._state) return;
    this._state = state;
    this.stateChanged.fire(state);
  }
}
