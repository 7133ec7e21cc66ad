// A fake inference backend speaking the real wire formats: Responses over WebSocket and SSE,
// Chat Completions streaming, and GET /v1/models. Scripted answers, pacing, fault injection, an
// optional delaying proxy (simulated RTT) and TLS; every request is recorded for assertions.
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions/completions';
import type {
  Response,
  ResponseInputItem,
  ResponseStreamEvent,
  ResponsesClientEvent,
  ResponsesServerEvent,
} from 'openai/resources/responses/responses';
import {
  chatChunks,
  latestUserText,
  makeResponse,
  newId,
  playResponses,
  type EventSink,
  type Fault,
  type Script,
} from './scripts';
import { startDelayProxy, type DelayProxy } from './proxy';
import { selfSignedCert } from './tls';

export type { Fault, Script, ScriptedToolCall } from './scripts';
export { TWO_FILE_PATCH, DEFAULT_TEXT } from './scripts';

export interface FakeBackendOptions {
  port?: number;
  /** Serve HTTPS/WSS with a fresh self-signed certificate (see `ca`). */
  tls?: boolean;
  /** Default server time to first token, ms. */
  ttftMs?: number;
  /** Default output deltas per second; 0 = unpaced. */
  tokensPerSecond?: number;
  /** The answer when no queued script or prompt rule applies. */
  defaultScript?: Script;
  /** Computes the answer from the latest user text when no rule or queued script applies (demo mode). */
  answer?: (userText: string) => Script;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`, or get 401. */
  apiKey?: string;
  /** Keep each request's Authorization header as sent (`authorization`); headers stay redacted. For tests of which key goes where. */
  recordAuthorization?: boolean;
  /** Models answered with model_not_found (what gpt-5.3-codex-spark gives API keys). */
  unavailableModels?: string[];
  /** Listed by GET /v1/models. */
  models?: string[];
  /** Switch routes off to look like servers without them. */
  routes?: { websocket?: boolean; responses?: boolean; chat?: boolean; models?: boolean };
  /** Put a delaying TCP proxy in front: total round-trip delay, split evenly per direction. */
  rttMs?: number;
  uplinkBytesPerSecond?: number;
  /** Answer HTTP with `Connection: close`, so every HTTP turn opens a fresh connection. */
  closeHttpConnections?: boolean;
  /** WebSocket connections older than this get websocket_connection_limit_reached (the 60-min limit). */
  connectionLimitMs?: number;
  /** Connection-level faults (per-response faults are in scripts). */
  faults?: ServerFaults;
  /** A small model: a turn whose whole input (history included) is over this many tokens gets context_length_exceeded. */
  contextWindowTokens?: number;
}

export interface ServerFaults {
  /** Never answer a prewarm (`generate:false`): the request is read and left hanging. */
  prewarmHang?: boolean;
  /** Refuse a prewarm with a 400 error frame, as a server that does not know `generate`. */
  prewarmRefused?: boolean;
  /** Refuse every WebSocket upgrade with this HTTP status (426, 500, …), as a server or proxy that starts refusing. */
  refuseUpgrade?: number;
}

export interface RecordedRequest {
  route: 'websocket' | 'responses' | 'chat' | 'models';
  /** Which WebSocket connection carried it (1-based, in accept order). */
  connectionId?: number;
  /** The id of the response this request created (a later request may chain on it with previous_response_id). */
  responseId?: string;
  body: Record<string, unknown>;
  authorized: boolean;
  headers: Record<string, string | string[] | undefined>;
  /** The Authorization header as sent, with `recordAuthorization` only. */
  authorization?: string;
  at: number;
  /** Wall clock (performance.timeOrigin + performance.now()) of receipt, comparable across processes. */
  wallAt: number;
  /** Wall clock when the first / last output delta was written. */
  firstDeltaSentAt?: number;
  lastDeltaSentAt?: number;
}

export interface FakeBackend {
  /** e.g. http://127.0.0.1:PORT/v1 — what an OpenAI client takes as baseURL. */
  baseUrl: string;
  /** e.g. ws://127.0.0.1:PORT/v1/responses */
  wsUrl: string;
  /** The self-signed certificate (PEM) to trust when `tls` is on. */
  ca?: string;
  requests: RecordedRequest[];
  /** WebSocket connections accepted so far. */
  readonly connections: number;
  /** WebSocket connections closed so far (by either side). */
  readonly closedConnections: number;
  /** Queue one-shot scripts, consumed in order by the next generating requests. */
  script(...scripts: Script[]): void;
  /** Answer any request whose latest user text contains `match` with `script` (every time). */
  when(match: string | RegExp, script: Script): void;
  /** Change pacing/fault options at runtime. */
  configure(options: Partial<Pick<FakeBackendOptions, 'ttftMs' | 'tokensPerSecond' | 'defaultScript' | 'unavailableModels' | 'connectionLimitMs' | 'apiKey' | 'faults' | 'contextWindowTokens'>>): void;
  /** Drop queued scripts, rules and recorded requests. */
  reset(): void;
  /** Abruptly drop every open WebSocket (a network blip). */
  dropConnections(): void;
  /** Go down: stop listening and cut every connection (connects are then refused), until `resume`. */
  pause(): Promise<void>;
  /** Listen again on the same port. */
  resume(): Promise<void>;
  close(): Promise<void>;
}

type ErrorFrame = Extract<ResponsesServerEvent, { type: 'error'; status?: number }>;

interface PreStreamError {
  status: number;
  code: string;
  type: string;
  message: string;
  retryAfterSeconds?: number;
  closeAfter?: boolean;
}

export async function startFakeBackend(options: FakeBackendOptions = {}): Promise<FakeBackend> {
  const opts: FakeBackendOptions = { ...options };
  const requests: RecordedRequest[] = [];
  const queue: Script[] = [];
  const rules: Array<{ match: string | RegExp; script: Script }> = [];
  const routes = { websocket: true, responses: true, chat: true, models: true, ...opts.routes };
  const httpHistory = new Map<string, ResponseInputItem[]>();
  const sockets = new Set<net.Socket>();
  const closingSockets = new WeakSet<net.Socket>();
  const clients = new Set<WebSocket>();
  /** Over HTTP: keep the connection advertised as reusable, then cut it `delayMs` after the answer. */
  const closeConnectionLater = (socket: net.Socket) => (delayMs: number) => {
    closingSockets.add(socket);
    setTimeout(() => socket.destroy(), delayMs);
  };
  let connections = 0;
  let closedConnections = 0;

  const cert = opts.tls ? selfSignedCert() : undefined;
  const server = cert ? https.createServer({ key: cert.key, cert: cert.cert }) : http.createServer();
  server.on('connection', (socket: net.Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: net.Socket) => socket.setNoDelay(true));

  const authorized = (headers: http.IncomingHttpHeaders) =>
    !opts.apiKey || headers.authorization === `Bearer ${opts.apiKey}`;

  const record = (route: RecordedRequest['route'], req: http.IncomingMessage, body: Record<string, unknown>, connectionId?: number) => {
    const headers = { ...req.headers };
    if (headers.authorization) headers.authorization = 'Bearer <redacted>';
    const now = performance.now();
    const entry: RecordedRequest = { route, body, authorized: authorized(req.headers), headers, at: now, wallAt: performance.timeOrigin + now };
    if (connectionId !== undefined) entry.connectionId = connectionId;
    if (opts.recordAuthorization && req.headers.authorization !== undefined) entry.authorization = req.headers.authorization;
    requests.push(entry);
    return entry;
  };
  const deltaClock = (entry: RecordedRequest) => () => {
    const wall = performance.timeOrigin + performance.now();
    entry.firstDeltaSentAt ??= wall;
    entry.lastDeltaSentAt = wall;
  };

  const pickScript = (input: string | ResponseInputItem[] | undefined): Script => {
    const text = latestUserText(input);
    const rule = rules.find(({ match }) => (typeof match === 'string' ? text.includes(match) : match.test(text)));
    return rule?.script ?? queue.shift() ?? opts.answer?.(text) ?? opts.defaultScript ?? {};
  };

  const preStreamError = (model: string, fault: Fault | undefined, inputTokens = 0): PreStreamError | undefined => {
    if (opts.contextWindowTokens !== undefined && inputTokens > opts.contextWindowTokens) {
      return {
        status: 400, code: 'context_length_exceeded', type: 'invalid_request_error',
        message: `Your input exceeds the context window of this model (${inputTokens} > ${opts.contextWindowTokens} tokens). Please adjust your input and try again.`,
      };
    }
    if (fault?.type === 'model-not-found' || opts.unavailableModels?.includes(model)) {
      return {
        status: 404, code: 'model_not_found', type: 'invalid_request_error',
        message: `The model \`${model}\` does not exist or you do not have access to it.`,
      };
    }
    if (fault?.type === 'connection-limit') {
      return {
        status: 400, code: 'websocket_connection_limit_reached', type: 'invalid_request_error',
        message: 'Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue.',
        closeAfter: true,
      };
    }
    if (fault?.type === 'http-error') {
      const error: PreStreamError = {
        status: fault.status,
        code: fault.code ?? (fault.status === 401 ? 'invalid_api_key' : fault.status === 429 ? 'rate_limit_exceeded' : 'server_error'),
        type: fault.status === 401 ? 'invalid_request_error' : fault.status === 429 ? 'requests' : 'server_error',
        message: fault.message ?? (fault.status === 401 ? 'Incorrect API key provided.' : fault.status === 429 ? 'Rate limit reached.' : 'The server had an error.'),
      };
      if (fault.retryAfterSeconds !== undefined) error.retryAfterSeconds = fault.retryAfterSeconds;
      return error;
    }
    return undefined;
  };

  const playDefaults = () => ({ ttftMs: opts.ttftMs ?? 0, tokensPerSecond: opts.tokensPerSecond ?? 0 });

  // ---- WebSocket /v1/responses ----
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 0 });
  server.on('upgrade', (req, socket, head) => {
    const path = routePath(req.url);
    if (!routes.websocket || path !== '/responses') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const refuse = opts.faults?.refuseUpgrade;
    if (refuse) {
      const body = JSON.stringify({ error: { message: 'WebSocket upgrades are refused here.', type: 'invalid_request_error', code: 'upgrade_refused', param: null } });
      socket.end(`HTTP/1.1 ${refuse} ${http.STATUS_CODES[refuse] ?? 'Refused'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    if (!authorized(req.headers)) {
      const body = JSON.stringify({ error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key', param: null } });
      socket.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveWebSocket(ws, req));
  });

  const serveWebSocket = (ws: WebSocket, req: http.IncomingMessage) => {
    const connectionId = ++connections;
    const openedAt = performance.now();
    const history = new Map<string, ResponseInputItem[]>(); // connection-local, like store:false
    let busy = false;
    let closed = false;
    let closing = false; // the close-after-completed fault: nothing more is answered
    clients.add(ws);
    ws.on('close', () => {
      closed = true;
      closedConnections++;
      clients.delete(ws);
    });
    ws.on('error', () => ws.terminate());
    const sendFrame = (frame: ResponsesServerEvent | ResponseStreamEvent) => {
      if (!closed) ws.send(JSON.stringify(frame));
    };
    const sendError = (error: PreStreamError) => {
      const frame: ErrorFrame = {
        type: 'error',
        status: error.status,
        error: { type: error.type, code: error.code, message: error.message, param: null },
      };
      if (error.retryAfterSeconds !== undefined) frame.error.headers = { 'retry-after': String(error.retryAfterSeconds) };
      sendFrame(frame);
      if (error.closeAfter) ws.close(1000, error.code);
    };

    ws.on('message', async (data, isBinary) => {
      let event: ResponsesClientEvent;
      try {
        event = JSON.parse(isBinary ? '' : data.toString()) as ResponsesClientEvent;
      } catch {
        sendError({ status: 400, code: 'invalid_json', type: 'invalid_request_error', message: 'Frame is not JSON.' });
        return;
      }
      const entry = record('websocket', req, event as unknown as Record<string, unknown>, connectionId);
      if (closing) return;
      if (event.type === 'response.create' && event.generate === false && opts.faults?.prewarmHang) return;
      if (event.type === 'response.create' && event.generate === false && opts.faults?.prewarmRefused) {
        sendError({ status: 400, code: 'unknown_parameter', type: 'invalid_request_error', message: "Unknown parameter: 'generate'." });
        return;
      }
      if (event.type !== 'response.create') {
        sendError({ status: 400, code: 'unsupported_event', type: 'invalid_request_error', message: `Unsupported event ${event.type}.` });
        return;
      }
      if (busy) {
        sendError({ status: 400, code: 'response_in_progress', type: 'invalid_request_error', message: 'A response is already in progress on this connection.' });
        return;
      }
      if (opts.connectionLimitMs !== undefined && performance.now() - openedAt > opts.connectionLimitMs) {
        sendError(preStreamError(event.model ?? '', { type: 'connection-limit' })!);
        return;
      }
      const { previous_response_id: previous, model = 'unknown' } = event;
      const prior = previous ? history.get(previous) : [];
      if (!prior) {
        sendError({ status: 400, code: 'previous_response_not_found', type: 'invalid_request_error', message: `Previous response with id '${previous}' not found.` });
        return;
      }
      const input = [...prior, ...asItems(event.input)];
      const responseId = newId('resp');
      entry.responseId = responseId;
      if (event.generate === false) {
        // A prewarm: remember the request state, answer an empty completed response.
        history.set(responseId, input);
        const empty = makeResponse(responseId, model, 'completed');
        sendFrame({ type: 'response.created', response: { ...empty, status: 'in_progress' }, sequence_number: 0 });
        sendFrame({ type: 'response.completed', response: empty, sequence_number: 1 });
        return;
      }
      const script = pickScript(input);
      const refused = preStreamError(model, script.fault, estimateTokens(input));
      if (refused) {
        sendError(refused);
        return;
      }
      busy = true;
      const sink: EventSink = {
        get closed() {
          return closed;
        },
        send: sendFrame,
        sendRaw: (text) => !closed && ws.send(text),
        drop: () => ws.terminate(),
        end: () => ws.close(1000),
      };
      try {
        await playResponses(script, {
          model, responseId, inputTokens: estimateTokens(input), defaults: playDefaults(), onDelta: deltaClock(entry),
          onCompleted: (response) => history.set(responseId, [...input, ...outputAsInput(response)]),
          closeAfterCompleted: (delayMs) => {
            closing = true;
            setTimeout(() => ws.close(1000, 'closing after the response'), delayMs);
          },
        }, sink);
      } finally {
        busy = false;
      }
    });
  };

  // ---- HTTP routes ----
  server.on('request', async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (opts.closeHttpConnections) res.shouldKeepAlive = false;
    const path = routePath(req.url);
    // The close-after-completed fault: a request that reaches a connection about to close is never answered.
    if (closingSockets.has(req.socket)) {
      if (path === '/responses' || path === '/chat/completions') record(path === '/responses' ? 'responses' : 'chat', req, (await readJson(req).catch(() => ({}))) as Record<string, unknown>);
      return;
    }
    try {
      if (path.startsWith('/__fake/')) return await control(path, req, res);
      if (req.method === 'GET' && path === '/models' && routes.models) {
        record('models', req, {});
        if (!authorized(req.headers)) return sendHttpError(res, authError());
        const ids = opts.models ?? ['gpt-5.3-codex-spark', 'gpt-5.5', 'gpt-5.4-mini'];
        return sendJson(res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake-backend', ...(opts.contextWindowTokens !== undefined && { context_window: opts.contextWindowTokens }) })) });
      }
      if (req.method === 'POST' && path === '/responses' && routes.responses) return await serveResponses(req, res);
      if (req.method === 'POST' && path === '/chat/completions' && routes.chat) return await serveChat(req, res);
      sendJson(res, 404, { error: { message: `No route ${req.method} ${req.url}`, type: 'invalid_request_error', code: 'not_found', param: null } });
    } catch (error) {
      if (!res.headersSent) sendJson(res, 400, { error: { message: String(error), type: 'invalid_request_error', code: 'bad_request', param: null } });
      else res.end();
    }
  });

  const serveResponses = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = (await readJson(req)) as Record<string, unknown> & { model?: string; input?: string | ResponseInputItem[]; previous_response_id?: string; stream?: boolean; store?: boolean };
    const entry = record('responses', req, body);
    if (!authorized(req.headers)) return sendHttpError(res, authError());
    const prior = body.previous_response_id ? httpHistory.get(body.previous_response_id) : [];
    if (!prior) {
      return sendHttpError(res, { status: 400, code: 'previous_response_not_found', type: 'invalid_request_error', message: `Previous response with id '${body.previous_response_id}' not found.` });
    }
    const model = body.model ?? 'unknown';
    const input = [...prior, ...asItems(body.input)];
    const script = pickScript(input);
    const refused = preStreamError(model, script.fault, estimateTokens(input));
    if (refused) return sendHttpError(res, refused);
    const responseId = newId('resp');
    entry.responseId = responseId;
    const ctx = {
      model, responseId, inputTokens: estimateTokens(input), defaults: playDefaults(), onDelta: deltaClock(entry),
      onCompleted: (response: Response) => {
        if (body.store !== false) httpHistory.set(responseId, [...input, ...outputAsInput(response)]);
      },
      closeAfterCompleted: closeConnectionLater(req.socket),
    };
    if (body.stream) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      res.flushHeaders();
      await playResponses(script, ctx, sseSink(res, (event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`, () => res.end()));
      if (script.fault?.type !== 'stall') res.end();
      return;
    }
    let final: Response | undefined;
    await playResponses(script, { ...ctx, defaults: { ttftMs: ctx.defaults.ttftMs, tokensPerSecond: 0 }, onCompleted: (response) => {
      ctx.onCompleted(response);
      final = response;
    } }, collectorSink());
    sendJson(res, 200, final ?? makeResponse(responseId, model, 'failed'));
  };

  const serveChat = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = (await readJson(req)) as { model?: string; messages?: ChatCompletionMessageParam[]; stream?: boolean; stream_options?: { include_usage?: boolean } };
    const entry = record('chat', req, body as Record<string, unknown>);
    if (!authorized(req.headers)) return sendHttpError(res, authError());
    const model = body.model ?? 'unknown';
    const messages = body.messages ?? [];
    const userText = [...messages].reverse().find((m) => m.role === 'user');
    const text = typeof userText?.content === 'string' ? userText.content : (userText?.content ?? []).map((p) => ('text' in p ? p.text : '')).join('');
    const script = pickScript(text);
    const refused = preStreamError(model, script.fault, estimateTokens(messages));
    if (refused) return sendHttpError(res, refused);
    if (!body.stream) {
      return sendJson(res, 400, { error: { message: 'The fake backend serves Chat Completions only with stream: true.', type: 'invalid_request_error', code: 'stream_required', param: null } });
    }
    const toChunks = chatChunks(model, body.stream_options?.include_usage ?? false);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    const sink = sseSink(
      res,
      (event) => {
        if (event.type === 'error') {
          // Chat Completions servers put an error object in a data line mid-stream.
          // (vLLM's shape: the HTTP status as a numeric `code`.)
          const e = event as unknown as { status?: number; code?: string; message?: string; error?: { message?: string; type?: string; code?: string } };
          const error = { message: e.error?.message ?? e.message, type: e.error?.type ?? 'server_error', param: null, code: e.status ?? e.code };
          return `data: ${JSON.stringify({ error })}\n\n`;
        }
        const chunks = toChunks(event).map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('');
        const terminal = event.type === 'response.completed' || event.type === 'response.incomplete';
        return terminal ? `${chunks}data: [DONE]\n\n` : chunks;
      },
      () => res.end(),
    );
    await playResponses(script, {
      model, responseId: newId('resp'), inputTokens: estimateTokens(messages), defaults: playDefaults(), onDelta: deltaClock(entry),
      closeAfterCompleted: closeConnectionLater(req.socket),
    }, sink);
    if (script.fault?.type !== 'stall') res.end();
  };

  // ---- control API, for tests in another process ----
  const control = async (path: string, req: http.IncomingMessage, res: http.ServerResponse) => {
    if (path === '/__fake/requests') return sendJson(res, 200, requests);
    const body = (req.method === 'POST' ? await readJson(req) : {}) as { scripts?: Script[]; match?: string; regex?: string; script?: Script; options?: Parameters<FakeBackend['configure']>[0] };
    if (path === '/__fake/script') api.script(...(body.scripts ?? (body.script ? [body.script] : [])));
    else if (path === '/__fake/when' && body.script) api.when(body.regex ? new RegExp(body.regex) : (body.match ?? ''), body.script);
    else if (path === '/__fake/configure') api.configure(body.options ?? {});
    else if (path === '/__fake/reset') api.reset();
    else return sendJson(res, 404, { error: 'unknown control route' });
    sendJson(res, 200, { ok: true });
  };

  // With a proxy in front, the proxy takes the requested port and the server a free one.
  const proxied = Boolean(opts.rttMs || opts.uplinkBytesPerSecond);
  await new Promise<void>((resolve) => server.listen(proxied ? 0 : (opts.port ?? 0), '127.0.0.1', resolve));
  const serverPort = (server.address() as net.AddressInfo).port;
  let proxy: DelayProxy | undefined;
  if (proxied) {
    const oneWay = (opts.rttMs ?? 0) / 2;
    const proxyOptions: Parameters<typeof startDelayProxy>[0] = { targetPort: serverPort, upMs: oneWay, downMs: oneWay, port: opts.port ?? 0 };
    if (opts.uplinkBytesPerSecond) proxyOptions.uplinkBytesPerSecond = opts.uplinkBytesPerSecond;
    proxy = await startDelayProxy(proxyOptions);
  }
  const port = proxy?.port ?? serverPort;
  const scheme = cert ? 'https' : 'http';

  const api: FakeBackend = {
    baseUrl: `${scheme}://127.0.0.1:${port}/v1`,
    wsUrl: `${cert ? 'wss' : 'ws'}://127.0.0.1:${port}/v1/responses`,
    requests,
    get connections() {
      return connections;
    },
    get closedConnections() {
      return closedConnections;
    },
    script: (...scripts) => void queue.push(...scripts),
    when: (match, script) => void rules.push({ match, script }),
    configure: (changes) => void Object.assign(opts, changes),
    reset: () => {
      queue.length = 0;
      rules.length = 0;
      requests.length = 0;
    },
    dropConnections: () => {
      for (const client of clients) client.terminate();
    },
    pause: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const client of clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    resume: () => new Promise<void>((resolve) => server.listen(serverPort, '127.0.0.1', resolve)),
    close: async () => {
      for (const client of clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      wss.close();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), proxy?.close()]);
    },
  };
  if (cert) api.ca = cert.cert;
  return api;
}

/** `/v1/responses?x` → `/responses`: clients differ on whether the base URL carries /v1. */
function routePath(url: string | undefined): string {
  const path = new URL(url ?? '/', 'http://x').pathname.replace(/\/+$/, '');
  return path.startsWith('/v1/') ? path.slice(3) : path;
}

function asItems(input: string | ResponseInputItem[] | null | undefined): ResponseInputItem[] {
  if (!input) return [];
  return typeof input === 'string' ? [{ role: 'user', content: input }] : input;
}

/** Output items become the next request's context, the way the real server keeps them. */
function outputAsInput(response: Response): ResponseInputItem[] {
  return response.output.filter((item) => item.type !== 'reasoning') as ResponseInputItem[];
}

function estimateTokens(input: unknown): number {
  return Math.ceil(JSON.stringify(input ?? '').length / 4);
}

function authError(): PreStreamError {
  return { status: 401, code: 'invalid_api_key', type: 'invalid_request_error', message: 'Incorrect API key provided.' };
}

function sendHttpError(res: http.ServerResponse, error: PreStreamError): void {
  if (error.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(error.retryAfterSeconds));
  sendJson(res, error.status, { error: { message: error.message, type: error.type, code: error.code, param: null } });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function sseSink(res: http.ServerResponse, format: (event: ResponseStreamEvent) => string, end: () => void): EventSink {
  return {
    get closed() {
      return res.destroyed || res.writableEnded;
    },
    send: (event) => {
      const text = format(event);
      if (text) res.write(text);
    },
    sendRaw: (text) => res.write(`data: ${text}\n\n`),
    // Flush what was written, then cut the connection without ending the chunked body.
    drop: () => res.socket?.destroySoon(),
    end,
  };
}

function collectorSink(): EventSink {
  return { closed: false, send: () => {}, sendRaw: () => {}, drop: () => {}, end: () => {} };
}
