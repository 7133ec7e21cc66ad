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
import { BackendError, classifyError, connectionLost, parseRetryAfter, unreachable } from './errors';
import type { Conversation } from './conversation';
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
};

let nextSocketId = 1;

interface InFlight {
  onEvent: (event: ResponseStreamEvent, bytes: number) => void;
  resolve: (response: Response) => void;
  reject: (error: Error) => void;
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

  constructor(
    sdk: Awaited<ReturnType<typeof loadSdk>>,
    client: OpenAI,
    options: SessionOptions,
    private readonly events: { changed: (socket: Socket) => void; reconnected: (socket: Socket) => void; closed: (socket: Socket) => void },
  ) {
    this.eventBytes = sdk.eventBytes;
    this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULTS.stallTimeoutMs;
    let everOpened = false;
    const wsOptions: ConstructorParameters<typeof sdk.ResponsesWS>[1] = {
      headers: { 'OpenAI-Beta': 'responses_websockets=2026-02-06', ...options.headers },
      handshakeTimeout: options.openTimeoutMs ?? DEFAULTS.openTimeoutMs,
      maxQueueSize: 256 * 1024 * 1024,
      reconnect: {
        maxRetries: options.reconnect?.maxRetries ?? 5,
        initialDelay: options.reconnect?.initialDelayMs ?? 250,
        maxDelay: options.reconnect?.maxDelayMs ?? 8_000,
        // A socket that never opened is a configuration problem (key, URL, route): report it now.
        onReconnecting: () => (everOpened ? undefined : { abort: true }),
      },
    };
    if (options.ca) wsOptions.ca = options.ca;
    this.ws = new sdk.ResponsesWS(client, wsOptions);
    this.opened = new Promise<void>((resolve, reject) => {
      this.ws.socket.on('open', () => {
        everOpened = true;
        this.isOpen = true;
        resolve();
      });
      this.ws.on('close', () => reject(this.lastError ?? unreachable(options.baseUrl)));
    });
    this.opened.catch(() => {}); // observed by whoever awaits it
    this.ws.on('event', (event) => this.dispatch(event));
    // A frame that is not JSON leaves the response in an unknown state: end it, drop the socket.
    this.ws.on('raw', () => {
      if (!this.current) return;
      this.close('malformed frame', new BackendError('protocol', 'The server sent a malformed frame; the partial answer is kept.'));
    });
    this.ws.on('error', (error) => {
      if (error.error) return; // an API error frame, already dispatched as an event
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

  /** Sends one response.create and settles on its terminal event. One at a time per socket. */
  request(body: ResponsesClientEvent, onEvent: InFlight['onEvent'], onSent: (bytes: number) => void): Promise<Response> {
    if (this.current) return Promise.reject(new BackendError('protocol', 'A response is already in flight on this socket.'));
    if (this.closed) return Promise.reject(connectionLost());
    return new Promise<Response>((resolve, reject) => {
      this.current = { onEvent, resolve, reject };
      this.armStallTimer();
      const json = JSON.stringify(body);
      this.ws.sendRaw(json);
      onSent(Buffer.byteLength(json));
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

  private dispatch(event: ResponsesServerEvent): void {
    const current = this.current;
    if (!current) return;
    this.armStallTimer();
    if (event.type === 'error') {
      this.fail(errorFromFrame(event));
      return;
    }
    current.onEvent(event as unknown as ResponseStreamEvent, this.eventBytes(event));
    if (event.type === 'response.completed' || event.type === 'response.incomplete' || event.type === 'response.failed') {
      this.settle();
      current.resolve(event.response);
    }
  }

  private fail(error: Error): void {
    const current = this.current;
    if (!current) return;
    this.settle();
    current.reject(error);
  }

  private armStallTimer(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      if (this.current) this.close('stalled', new BackendError('connection-lost', 'The server stopped sending mid-answer; the partial answer is kept.'));
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

function errorFromFrame(event: Extract<ResponsesServerEvent, { type: 'error' }>): BackendError {
  if ('error' in event && event.error && typeof event.error === 'object') {
    return classifyError({
      status: event.status,
      code: event.error.code,
      type: event.error.type,
      message: event.error.message,
      retryAfterMs: parseRetryAfter(event.error.headers),
    });
  }
  const flat = event as { code?: string | null; message?: string };
  return classifyError({ code: flat.code, message: flat.message });
}

/** Upgrade refusals arrive as "Unexpected server response: 401" from `ws`. */
function socketError(message: string, baseUrl: string, cause: unknown): BackendError {
  const status = /Unexpected server response: (\d+)/.exec(message)?.[1];
  if (status) return classifyError({ status: Number(status), message });
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

  constructor(
    private readonly options: SessionOptions,
    private readonly conversation: Conversation,
  ) {}

  get state(): SessionState {
    return this._state;
  }

  /** True when a turn sent now would go out on an already open socket. */
  get isWarm(): boolean {
    return Boolean(this.active?.isOpen);
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
      // A prewarm under way (e.g. of the spare after an interrupt) is what this turn chains on.
      if (this.warming) await this.warming.catch(() => {});
      let socket = await this.activeSocket();
      await socket.opened;
      await socket.whenIdle(); // a prewarm may still be in flight
      void this.ensureSpare();
      for (let attempt = 0; ; attempt++) {
        if (signal.aborted) throw signal.reason;
        const chain = this.conversation.chainFor(socket.id);
        const body = this.body(setup, [...chain.input, ...turnInput], chain.previousResponseId);
        const onAbort = () => this.interrupt(socket);
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          const response = await socket.request(
            body,
            (event, bytes) => {
              recorder.bytesReceived(bytes);
              recorder.onResponsesEvent(event);
            },
            (bytes) => recorder.requestSent(bytes),
          );
          return { response, socketId: socket.id };
        } catch (error) {
          if (signal.aborted || attempt >= 2 || recorder.hasOutput || !(error instanceof BackendError)) throw error;
          if (error.kind === 'previous-response-not-found') {
            this.conversation.dropAnchor();
            recorder.notice('resent-full-input', 'The server had forgotten the conversation; sent it again in full.');
          } else if (error.kind === 'connection-limit') {
            this.retire(socket);
            socket = await this.activeSocket();
            await socket.opened;
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
    if (!this.setup) {
      this.setState('warm');
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
      const response = await socket.request(body, () => {}, () => {});
      if (socket.id === socketId) this.conversation.setAnchor(response.id, socketId, chain.covers);
    } catch (error) {
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
