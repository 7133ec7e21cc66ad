// JSON-RPC 2.0 as `codex app-server` speaks it: one JSON object per line over stdio, without the
// `jsonrpc` field. Requests both ways (the server asks the client for approvals), notifications one
// way. Typed by one [params, result] map per direction, from the generated protocol.
import type { Readable, Writable } from 'node:stream';
import type {
  CancelLoginAccountParams,
  CommandExecutionRequestApprovalResponse,
  DynamicToolCallResponse,
  FileChangeRequestApprovalResponse,
  GetAccountParams,
  GetAccountResponse,
  InitializeParams,
  InitializeResponse,
  LoginAccountParams,
  LoginAccountResponse,
  LogoutAccountResponse,
  ModelListParams,
  ModelListResponse,
  ServerNotification,
  ServerRequest,
  ThreadStartParams,
  ThreadStartResponse,
  TurnInterruptParams,
  TurnInterruptResponse,
  TurnStartParams,
  TurnStartResponse,
  TurnSteerParams,
  TurnSteerResponse,
} from './protocol.generated';

/** Client → server requests: method → [params, result]. */
export interface ClientMethods {
  initialize: [InitializeParams, InitializeResponse];
  'account/read': [GetAccountParams, GetAccountResponse];
  'account/login/start': [LoginAccountParams, LoginAccountResponse];
  'account/login/cancel': [CancelLoginAccountParams, unknown];
  'account/logout': [undefined, LogoutAccountResponse];
  'model/list': [ModelListParams, ModelListResponse];
  'thread/start': [ThreadStartParams, ThreadStartResponse];
  'turn/start': [TurnStartParams, TurnStartResponse];
  'turn/steer': [TurnSteerParams, TurnSteerResponse];
  'turn/interrupt': [TurnInterruptParams, TurnInterruptResponse];
}

/** What the client answers to each server → client request it handles. */
export interface ServerRequestResults {
  'item/commandExecution/requestApproval': CommandExecutionRequestApprovalResponse;
  'item/fileChange/requestApproval': FileChangeRequestApprovalResponse;
  /** A call of a tool Flowpair gave the thread (its command tool). */
  'item/tool/call': DynamicToolCallResponse;
}

const HANDLED: ReadonlySet<string> = new Set<keyof ServerRequestResults>(['item/commandExecution/requestApproval', 'item/fileChange/requestApproval', 'item/tool/call']);

export type HandledServerRequest = Extract<ServerRequest, { method: keyof ServerRequestResults }>;

/** The app-server's "Server overloaded; retry later." (bounded ingress queue full). */
export const OVERLOADED = -32001;
const METHOD_NOT_FOUND = -32601;

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly method: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export class ConnectionClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionClosedError';
  }
}

export interface RpcOptions {
  /** Retries of a request refused as overloaded, with exponential backoff and jitter. */
  overloadRetries?: number;
  overloadBaseDelayMs?: number;
  /** Lines longer than this are refused (a broken or hostile peer must not grow memory unbounded). */
  maxLineBytes?: number;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; method: string };
type RequestHandler = (request: HandledServerRequest) => Promise<ServerRequestResults[keyof ServerRequestResults]>;

export class RpcConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly notificationListeners = new Set<(n: ServerNotification) => void>();
  private requestHandler: RequestHandler | undefined;
  private buffer = '';
  private closedWith: Error | undefined;
  private readonly options: Required<RpcOptions>;

  constructor(
    input: Readable,
    private readonly output: Writable,
    options: RpcOptions = {},
  ) {
    this.options = { overloadRetries: 4, overloadBaseDelayMs: 50, maxLineBytes: 64 * 1024 * 1024, ...options };
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => this.onData(chunk));
    input.on('end', () => this.close(new ConnectionClosedError('codex app-server closed its output')));
    output.on('error', (error) => this.close(new ConnectionClosedError(`cannot write to codex app-server: ${error.message}`)));
  }

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  async request<M extends keyof ClientMethods>(method: M, params: ClientMethods[M][0]): Promise<ClientMethods[M][1]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.send(method, params)) as ClientMethods[M][1];
      } catch (error) {
        if (!(error instanceof RpcError) || error.code !== OVERLOADED || attempt >= this.options.overloadRetries) throw error;
        const delay = this.options.overloadBaseDelayMs * 2 ** attempt;
        await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * delay));
      }
    }
  }

  notify(method: 'initialized'): void {
    this.write({ method });
  }

  onNotification(listener: (notification: ServerNotification) => void): () => void {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  /** The one handler for server → client requests; requests it does not know are refused. */
  handleRequests(handler: RequestHandler): void {
    this.requestHandler = handler;
  }

  /** Ends the connection: every pending request rejects with `error`. */
  close(error: Error): void {
    if (this.closedWith) return;
    this.closedWith = error;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  private send(method: string, params: unknown): Promise<unknown> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.write(params === undefined ? { method, id } : { method, id, params });
    });
  }

  private write(message: object): void {
    if (this.closedWith) return;
    this.output.write(`${JSON.stringify(message)}\n`);
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (line.trim()) this.onLine(line);
    }
    if (this.buffer.length > this.options.maxLineBytes) {
      this.close(new ConnectionClosedError(`codex app-server sent a line over ${this.options.maxLineBytes} bytes`));
      this.buffer = '';
    }
  }

  private onLine(line: string): void {
    let message: { id?: number | string; method?: string; params?: unknown; result?: unknown; error?: { code: number; message: string } };
    try {
      message = JSON.parse(line);
    } catch {
      return; // not protocol (a stray log line): ignore rather than kill the session
    }
    if (message.method !== undefined && message.id !== undefined) {
      void this.answer(message as ServerRequest);
    } else if (message.method !== undefined) {
      for (const listener of this.notificationListeners) listener(message as ServerNotification);
    } else if (typeof message.id === 'number') {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new RpcError(message.error.code, message.error.message, pending.method));
      else pending.resolve(message.result);
    }
  }

  private async answer(request: ServerRequest): Promise<void> {
    if (!HANDLED.has(request.method) || !this.requestHandler) {
      this.write({ id: request.id, error: { code: METHOD_NOT_FOUND, message: `Flowpair does not handle ${request.method}` } });
      return;
    }
    try {
      this.write({ id: request.id, result: await this.requestHandler(request as HandledServerRequest) });
    } catch (error) {
      this.write({ id: request.id, error: { code: -32603, message: error instanceof Error ? error.message : String(error) } });
    }
  }
}
