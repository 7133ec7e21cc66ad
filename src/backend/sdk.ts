// Loads the `openai` package (~470 KB bundled) on first use, never at extension activation.
import type OpenAI from 'openai';
import type { ClientOptions } from 'openai';

type Sdk = {
  OpenAI: typeof OpenAI;
  ResponsesWS: typeof import('openai/resources/responses/ws').ResponsesWS;
  eventBytes: typeof import('openai/resources/responses/ws-base').getWebSocketEventBytes;
  /** The SDK's SSE decoder, without its JSON step: Flowpair reads each event itself (skips malformed ones). */
  iterSSE: typeof import('openai/core/streaming')._iterSSEMessages;
};

let loading: Promise<Sdk> | undefined;

export function loadSdk(): Promise<Sdk> {
  loading ??= Promise.all([
    import('openai'),
    import('openai/resources/responses/ws'),
    import('openai/resources/responses/ws-base'),
    import('openai/core/streaming'),
  ]).then(([core, ws, wsBase, streaming]) => ({
    OpenAI: core.default,
    ResponsesWS: ws.ResponsesWS,
    eventBytes: wsBase.getWebSocketEventBytes,
    iterSSE: streaming._iterSSEMessages,
  }));
  return loading;
}

export interface ClientConfig {
  baseUrl: string;
  /** Empty for local servers that need none. */
  apiKey: string;
  headers?: Record<string, string>;
}

export async function createClient(config: ClientConfig): Promise<OpenAI> {
  const { OpenAI } = await loadSdk();
  const options: ClientOptions = {
    // The SDK insists on a key; local servers ignore this placeholder.
    apiKey: config.apiKey || 'no-key',
    baseURL: config.baseUrl,
    // Retries would hide the error kinds the facade acts on (fallback model, rate limits).
    maxRetries: 0,
  };
  if (config.headers) options.defaultHeaders = config.headers;
  return new OpenAI(options);
}
