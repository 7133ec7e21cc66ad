// Providers and models: presets, what a base URL supports (detected once, cached), the model
// list from GET /v1/models, and local servers found on 127.0.0.1 — only when asked.
// Plain fetch and a lazy `ws` import: none of this loads the `openai` package.
import { BackendError, classifyError, unreachable } from './errors';
import type { EditToolStyle } from './tools';
import type { Transport } from './turn';

export interface ModelRoles {
  /** Most turns: low latency. */
  fast: string;
  /** "Think harder" turns. */
  deep: string;
  /** When the fast model is unavailable to the key or rate-limited. */
  backup: string;
}

export const DEFAULT_MODELS: ModelRoles = { fast: 'gpt-5.3-codex-spark', deep: 'gpt-5.5', backup: 'gpt-5.4-mini' };

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface Capabilities {
  websocket: boolean;
  responses: boolean;
  chat: boolean;
  /** How apply_patch is offered on the Responses transports (Chat Completions: function or text). */
  editTool: EditToolStyle;
}

export type ProviderId = 'openai' | 'ollama' | 'lmstudio' | 'vllm' | 'llamacpp' | 'custom';

export interface ProviderPreset {
  id: ProviderId;
  label: string;
  baseUrl: string;
  needsKey: boolean;
  /** Known up front, so no probing is needed. */
  capabilities?: Capabilities;
}

export const PROVIDERS: Record<Exclude<ProviderId, 'custom'>, ProviderPreset> = {
  openai: {
    id: 'openai', label: 'OpenAI', baseUrl: OPENAI_BASE_URL, needsKey: true,
    capabilities: { websocket: true, responses: true, chat: true, editTool: 'custom' },
  },
  ollama: { id: 'ollama', label: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', needsKey: false },
  lmstudio: { id: 'lmstudio', label: 'LM Studio', baseUrl: 'http://127.0.0.1:1234/v1', needsKey: false },
  vllm: { id: 'vllm', label: 'vLLM', baseUrl: 'http://127.0.0.1:8000/v1', needsKey: false },
  llamacpp: { id: 'llamacpp', label: 'llama.cpp', baseUrl: 'http://127.0.0.1:8080/v1', needsKey: false },
};

export function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** The transports to try, best first. */
export function transportsFor(caps: Capabilities): Transport[] {
  const order: Transport[] = [];
  if (caps.websocket) order.push('websocket');
  if (caps.responses) order.push('responses-http');
  if (caps.chat) order.push('chat-completions');
  return order;
}

/** Chat Completions has no freeform tools: apply_patch becomes a function tool there. */
export function editToolFor(transport: Transport, caps: Capabilities): EditToolStyle {
  if (transport === 'chat-completions') return caps.editTool === 'text' ? 'text' : 'function';
  return caps.editTool;
}

const detected = new Map<string, Promise<Capabilities>>();

export interface DetectOptions {
  apiKey?: string;
  ca?: string;
  timeoutMs?: number;
}

/** What a base URL serves, probed once per URL (cheap requests that generate nothing). */
export function detectCapabilities(baseUrl: string, options: DetectOptions = {}): Promise<Capabilities> {
  const url = normalizeBaseUrl(baseUrl);
  const known = Object.values(PROVIDERS).find((p) => p.baseUrl === url)?.capabilities;
  if (known) return Promise.resolve(known);
  let probe = detected.get(url);
  if (!probe) {
    probe = probeCapabilities(url, options);
    detected.set(url, probe);
    probe.catch(() => detected.delete(url)); // an unreachable server may come up later
  }
  return probe;
}

/** Records what a real request found out (e.g. the WebSocket upgrade got a 404). */
export function updateCapabilities(baseUrl: string, caps: Capabilities): void {
  detected.set(normalizeBaseUrl(baseUrl), Promise.resolve(caps));
}

export function forgetCapabilities(baseUrl?: string): void {
  if (baseUrl) detected.delete(normalizeBaseUrl(baseUrl));
  else detected.clear();
}

async function probeCapabilities(url: string, options: DetectOptions): Promise<Capabilities> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.apiKey) headers.Authorization = `Bearer ${options.apiKey}`;
  // An empty body is refused (400/422) by a server that has the route, 404/405 by one that has not.
  const hasRoute = async (path: string) => {
    try {
      const res = await fetch(`${url}${path}`, { method: 'POST', headers, body: '{}', signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel();
      return res.status !== 404 && res.status !== 405;
    } catch (error) {
      throw unreachable(url, error);
    }
  };
  const responses = await hasRoute('/responses');
  const websocket = responses && (await hasWebSocketRoute(url, options, timeoutMs));
  const chat = responses ? true : await hasRoute('/chat/completions');
  // Freeform (grammar) tools come with the OpenAI protocol's WebSocket mode; others get a function.
  return { websocket, responses, chat, editTool: websocket ? 'custom' : 'function' };
}

async function hasWebSocketRoute(url: string, options: DetectOptions, timeoutMs: number): Promise<boolean> {
  const { WebSocket } = await import('ws');
  const wsUrl = `${url.replace(/^http/, 'ws')}/responses`;
  return new Promise<boolean>((resolve) => {
    const wsOptions: import('ws').ClientOptions = { handshakeTimeout: timeoutMs };
    if (options.apiKey) wsOptions.headers = { Authorization: `Bearer ${options.apiKey}` };
    if (options.ca) wsOptions.ca = options.ca;
    const socket = new WebSocket(wsUrl, wsOptions);
    socket.on('open', () => {
      socket.close(1000);
      resolve(true);
    });
    // A refused key still proves the route exists; 404 and friends do not.
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode === 401 || res.statusCode === 403);
      res.resume();
      socket.terminate();
    });
    socket.on('error', () => resolve(false));
  });
}

/** Throws `unreachable` unless something answers HTTP at the base URL (any status will do). */
export async function checkReachable(baseUrl: string, timeoutMs = 3_000): Promise<void> {
  try {
    const res = await fetch(`${normalizeBaseUrl(baseUrl)}/models`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
  } catch (error) {
    throw unreachable(baseUrl, error);
  }
}

export interface ModelInfo {
  id: string;
  ownedBy?: string;
  /** The context window in tokens, where the server says (vLLM max_model_len, llama.cpp n_ctx_train, context_length). */
  contextWindow?: number;
}

/** GET /v1/models, sorted by id. */
export async function listModels(baseUrl: string, apiKey?: string, timeoutMs = 5_000): Promise<ModelInfo[]> {
  const url = `${normalizeBaseUrl(baseUrl)}/models`;
  let res: globalThis.Response;
  try {
    res = await fetch(url, { headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw unreachable(baseUrl, error);
  }
  const body = (await res.json().catch(() => undefined)) as
    | { data?: Array<{ id: string; owned_by?: string } & WindowFields>; error?: { code?: string; message?: string; type?: string } }
    | undefined;
  if (!res.ok) {
    throw classifyError({ status: res.status, code: body?.error?.code, type: body?.error?.type, message: body?.error?.message });
  }
  if (!Array.isArray(body?.data)) throw new BackendError('protocol', `${url} did not return a model list.`);
  return body.data
    .map((m) => {
      const info: ModelInfo = m.owned_by ? { id: m.id, ownedBy: m.owned_by } : { id: m.id };
      const window = reportedWindow(m);
      if (window !== undefined) info.contextWindow = window;
      return info;
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Where OpenAI-compatible servers put a model's context length in their model list. */
interface WindowFields {
  max_model_len?: unknown;
  context_length?: unknown;
  context_window?: unknown;
  meta?: { n_ctx_train?: unknown; n_ctx?: unknown };
}

function reportedWindow(m: WindowFields): number | undefined {
  const value = m.max_model_len ?? m.context_length ?? m.context_window ?? m.meta?.n_ctx ?? m.meta?.n_ctx_train;
  // server data is untrusted: only a plausible token count counts
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 256 && value <= 100_000_000 ? value : undefined;
}

export interface LocalServer {
  preset: ProviderPreset;
  models: ModelInfo[];
}

/** Probes the usual local ports in parallel; a port with nothing on it costs one refused connect. */
export async function detectLocalServers(
  timeoutMs = 400,
  presets: ProviderPreset[] = Object.values(PROVIDERS).filter((p) => !p.needsKey),
): Promise<LocalServer[]> {
  const found = await Promise.all(
    presets.map(async (preset) => {
      try {
        return { preset, models: await listModels(preset.baseUrl, undefined, timeoutMs) };
      } catch {
        return undefined;
      }
    }),
  );
  return found.filter((server) => server !== undefined);
}
