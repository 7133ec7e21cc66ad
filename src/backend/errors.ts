// Errors the user can act on: each has a machine-readable kind (the UI picks its action from it)
// and a specific message. Built from WebSocket `error` frames, HTTP statuses and socket failures.

export type BackendErrorKind =
  | 'auth' // 401: offer "Set API Key"
  | 'model-not-found' // the key cannot use this model: fall back to the backup model
  | 'rate-limited' // 429: fall back, or wait retryAfterMs
  | 'server' // 5xx or a failed response
  | 'unreachable' // nothing answered at the base URL
  | 'connection-limit' // websocket_connection_limit_reached: roll over silently
  | 'previous-response-not-found' // chain anchor expired: resend the full input
  | 'connection-lost' // the socket dropped mid-answer
  | 'unsupported' // the server has no such route (404/405 on upgrade or POST)
  | 'context-window-exceeded' // context_length_exceeded: offer a new conversation or compact and retry
  | 'bad-request' // 400 and other refusals
  | 'protocol' // the server sent something that is not the protocol
  | 'limit' // a limit against a broken or hostile server (frame, answer, patch size, turn duration)
  | 'codex-not-found' // no `codex` executable: offer how to install it
  | 'codex-sign-in' // the Codex provider needs a ChatGPT sign-in
  | 'codex-crashed' // the app-server process died
  | 'codex-overloaded' // the app-server kept refusing requests (-32001) after retries
  | 'codex-restricted'; // Restricted Mode: Codex reads the workspace itself, so it is not started

export class BackendError extends Error {
  readonly kind: BackendErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** Set when a WebSocket upgrade was answered with this HTTP status instead of 101. */
  readonly upgradeStatus: number | undefined;

  constructor(
    kind: BackendErrorKind,
    message: string,
    extra: { status?: number | undefined; code?: string | null | undefined; retryAfterMs?: number | undefined; upgradeStatus?: number | undefined } = {},
  ) {
    super(message);
    this.name = 'BackendError';
    this.kind = kind;
    this.status = extra.status;
    this.code = extra.code ?? undefined;
    this.retryAfterMs = extra.retryAfterMs;
    this.upgradeStatus = extra.upgradeStatus;
  }
}

/** What the user can do about an error, by kind: the composer's button and the probe's `action`. */
export type ErrorAction =
  | 'setApiKey' | 'setBaseUrl' | 'retry' | 'useBackupModel' | 'showLog' | 'codexSignIn' | 'installCodex' | 'manageTrust'
  | 'newConversation' | 'compactAndRetry';

export const ERROR_ACTIONS: Partial<Record<BackendErrorKind, ErrorAction[]>> = {
  auth: ['setApiKey'],
  unreachable: ['retry', 'setBaseUrl'],
  unsupported: ['setBaseUrl'],
  'model-not-found': ['useBackupModel'],
  'rate-limited': ['useBackupModel'],
  server: ['retry', 'showLog'],
  'connection-lost': ['retry'],
  protocol: ['showLog'],
  limit: ['showLog'],
  'codex-not-found': ['installCodex'],
  'codex-sign-in': ['codexSignIn'],
  'codex-crashed': ['retry', 'showLog'],
  'codex-overloaded': ['retry'],
  'codex-restricted': ['manageTrust'],
  'context-window-exceeded': ['newConversation', 'compactAndRetry'],
};

export const ERROR_ACTION_LABELS: Record<ErrorAction, string> = {
  setApiKey: 'Set API Key',
  setBaseUrl: 'Set Base URL',
  retry: 'Retry',
  useBackupModel: 'Use the Backup Model',
  showLog: 'Show Connection Log',
  codexSignIn: 'Sign in with ChatGPT',
  installCodex: 'How to Install Codex',
  manageTrust: 'Manage Workspace Trust',
  newConversation: 'New Conversation',
  compactAndRetry: 'Compact and Retry',
};

/** Retry-After is seconds or an HTTP date; retry-after-ms (OpenAI) wins when present. */
export function parseRetryAfter(headers: Record<string, string | undefined> | Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const get = (name: string) =>
    headers instanceof Headers
      ? (headers.get(name) ?? undefined)
      : Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const ms = Number(get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

interface ErrorShape {
  status?: number | undefined;
  code?: string | null | undefined;
  type?: string | null | undefined;
  message?: string | undefined;
  retryAfterMs?: number | undefined;
}

/** One classification for WS error frames, failed responses and HTTP API errors. */
export function classifyError({ status, code, type, message, retryAfterMs }: ErrorShape, model?: string): BackendError {
  const extra = { status, code, retryAfterMs };
  const detail = message ? ` (${message})` : '';
  if (code === 'previous_response_not_found') {
    return new BackendError('previous-response-not-found', 'The conversation anchor expired; resending the full input.', extra);
  }
  if (code === 'websocket_connection_limit_reached') {
    return new BackendError('connection-limit', 'The WebSocket connection reached its time limit.', extra);
  }
  if (code === 'model_not_found' || (status === 404 && type === 'invalid_request_error' && /model/i.test(message ?? ''))) {
    return new BackendError('model-not-found', `The model ${model ?? ''} is not available to this API key.`.replace('  ', ' '), extra);
  }
  if (code === 'context_length_exceeded' || (status === 400 && /context (window|length)|maximum context/i.test(message ?? ''))) {
    return new BackendError('context-window-exceeded', `The conversation no longer fits the model's context window${detail}. Start a new conversation, or compact the history and retry.`, extra);
  }
  if (status === 401 || code === 'invalid_api_key') {
    return new BackendError('auth', `The API key was refused${detail}. Set a valid API key.`, extra);
  }
  if (status === 429 || code === 'rate_limit_exceeded') {
    const wait = retryAfterMs !== undefined ? ` Retry in ${Math.ceil(retryAfterMs / 1000)} s.` : '';
    return new BackendError('rate-limited', `Rate limited${detail}.${wait}`, extra);
  }
  if (status !== undefined && status >= 500) {
    return new BackendError('server', `The server failed with ${status}${detail}.`, extra);
  }
  if (status === 404 || status === 405) {
    return new BackendError('unsupported', `The server does not support this route (${status}).`, extra);
  }
  return new BackendError(status === undefined ? 'server' : 'bad-request', `The request failed${status ? ` with ${status}` : ''}${detail}.`, extra);
}

/** "Cannot reach 127.0.0.1:8787 (connection refused)." — the host the user configured, and why. */
export function unreachable(baseUrl: string, cause?: unknown): BackendError {
  const code = errorCode(cause);
  const why = code ? (NETWORK_REASONS[code] ?? code) : cause instanceof Error && cause.message ? cause.message : '';
  return new BackendError('unreachable', `Cannot reach ${hostOf(baseUrl)}${why ? ` (${why})` : ''}.`, { code });
}

/** Errors that mean nothing listens at that host (as opposed to a refused WebSocket upgrade). */
export function isRefusedConnection(error: BackendError): boolean {
  return error.kind === 'unreachable' && error.code !== undefined && error.code in NETWORK_REASONS;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** The Node error code (ECONNREFUSED, …) anywhere down an error's cause chain. */
function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    const errors = (e as { errors?: unknown }).errors; // AggregateError from happy-eyeballs connects
    if (Array.isArray(errors) && errors.length) return errorCode(errors[0]);
  }
  return undefined;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** The server went silent mid-request (the socket may still be open): not a drop to retry. */
export function stalled(): BackendError {
  return new BackendError('connection-lost', 'The server stopped sending mid-answer; the partial answer is kept.', { code: STALLED });
}

export const isStall = (error: BackendError) => error.code === STALLED;
const STALLED = 'stalled';

export function connectionLost(): BackendError {
  return new BackendError('connection-lost', 'The connection dropped mid-answer; the partial answer is kept.');
}

/** The connection closed before the server answered anything (after the invisible retry). */
export function noAnswer(baseUrl: string): BackendError {
  return new BackendError('connection-lost', `The connection to ${hostOf(baseUrl)} closed before any answer came back. Nothing was received; try again.`);
}

/**
 * One reading of an `error` event, whichever transport carried it: WebSocket frames and SSE data
 * use `{type:"error", status, error:{code, message, type}}` or the flat `{type:"error", code, message}`.
 */
export function errorFromEvent(event: unknown, model?: string): BackendError {
  const e = (event ?? {}) as { status?: unknown; code?: unknown; message?: unknown; error?: unknown; headers?: unknown };
  const inner = (e.error && typeof e.error === 'object' ? e.error : {}) as { code?: unknown; message?: unknown; type?: unknown; headers?: unknown; status?: unknown };
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  // vLLM and others put the HTTP status in a numeric `code`.
  const status = [e.status, inner.status, inner.code, e.code].find((v): v is number => typeof v === 'number');
  const headers = (inner.headers ?? e.headers) as Record<string, string | undefined> | undefined;
  return classifyError(
    {
      status,
      code: str(inner.code) ?? str(e.code),
      type: str(inner.type),
      message: str(inner.message) ?? str(e.message),
      retryAfterMs: headers && typeof headers === 'object' ? parseRetryAfter(headers) : undefined,
    },
    model,
  );
}

export function limitExceeded(what: string, setting: string): BackendError {
  return new BackendError('limit', `${what} (${setting}); the turn was ended and what arrived is kept.`);
}

export function asBackendError(error: unknown): BackendError {
  if (error instanceof BackendError) return error;
  return new BackendError('protocol', error instanceof Error ? error.message : String(error));
}
