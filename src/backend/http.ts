// The HTTP fallbacks, both through the `openai` client: Responses streamed over SSE (servers
// without the WebSocket route), and Chat Completions streaming (servers without /v1/responses).
// Both feed the same TurnRecorder as the WebSocket session, so the UI sees the same TurnEvents.
import type OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions/completions';
import type { ResponseInputItem, ResponseStreamEvent, Tool } from 'openai/resources/responses/responses';
import { BackendError, classifyError, connectionLost, errorFromEvent, limitExceeded, parseRetryAfter, stalled, unreachable } from './errors';
import { LIMIT_SETTINGS } from './limits';
import { loadSdk } from './sdk';
import type { TurnSetup } from './session';
import { toTurnUsage, type TurnRecorder } from './turn';

export interface HttpOutcome {
  status: 'completed' | 'incomplete';
  responseId?: string;
  incompleteReason?: string;
}

export interface HttpStreamOptions {
  store?: boolean;
  /** Largest SSE event accepted, bytes. */
  maxFrameBytes: number;
  /** A stream that sends nothing for this long is treated as a dropped connection. */
  stallTimeoutMs: number;
}

/** POST /v1/responses with stream:true; always the full input (HTTP has no warm anchor to chain on). */
export async function streamResponsesHttp(
  client: OpenAI,
  setup: TurnSetup,
  input: ResponseInputItem[],
  recorder: TurnRecorder,
  signal: AbortSignal,
  options: HttpStreamOptions,
): Promise<HttpOutcome> {
  const body = {
    ...setup.extra,
    model: setup.model,
    input,
    store: options.store ?? false,
    stream: true as const,
    ...(setup.instructions ? { instructions: setup.instructions } : {}),
    ...(setup.tools?.length ? { tools: setup.tools } : {}),
  };
  recorder.requestSent(Buffer.byteLength(JSON.stringify(body)));
  const stream = new EventStream(signal, options);
  try {
    const response = await client.responses.create(body, { signal: stream.signal }).asResponse();
    recorder.bytesReceived(0);
    for await (const data of stream.events(response, recorder)) {
      if (data === DONE) {
        // `[DONE]` without response.completed (some proxies): an answer that arrived is complete.
        if (recorder.hasOutput) {
          recorder.endOpenCalls();
          return recorder.responseId ? { status: 'completed', responseId: recorder.responseId } : { status: 'completed' };
        }
        break;
      }
      if (data.type === 'error' || (data.error && typeof data.type !== 'string')) throw errorFromEvent(data, setup.model);
      const event = data as unknown as ResponseStreamEvent;
      recorder.onResponsesEvent(event);
      if (event.type === 'response.completed') return { status: 'completed', responseId: event.response.id };
      if (event.type === 'response.incomplete') {
        return { status: 'incomplete', responseId: event.response.id, incompleteReason: event.response.incomplete_details?.reason ?? 'incomplete' };
      }
      if (event.type === 'response.failed') {
        const error = event.response.error;
        throw classifyError({ code: error?.code, message: error?.message ?? 'The response failed.' }, setup.model);
      }
    }
    throw stream.endedEarly(recorder); // the stream ended without a terminal event
  } catch (error) {
    throw await fromHttpError(stream.failure ?? error, client.baseURL, setup.model, signal);
  } finally {
    stream.close();
  }
}

/** POST /v1/chat/completions with stream:true: the last resort, for servers without Responses. */
export async function streamChatCompletions(
  client: OpenAI,
  setup: TurnSetup,
  input: ResponseInputItem[],
  recorder: TurnRecorder,
  signal: AbortSignal,
  options: HttpStreamOptions,
): Promise<HttpOutcome> {
  const tools = (setup.tools ?? []).flatMap(toChatTool);
  const body = {
    ...setup.extra,
    model: setup.model,
    messages: toChatMessages(setup.instructions, input),
    stream: true as const,
    stream_options: { include_usage: true },
    ...(tools.length ? { tools } : {}),
  };
  recorder.requestSent(Buffer.byteLength(JSON.stringify(body)));
  const open = new Map<number, string>(); // tool-call index → item key
  let finish: ChatCompletionChunk.Choice['finish_reason'] = null;
  let sawDone = false;
  const stream = new EventStream(signal, options);
  try {
    const response = await client.chat.completions.create(body, { signal: stream.signal }).asResponse();
    recorder.bytesReceived(0);
    for await (const data of stream.events(response, recorder)) {
      if (data === DONE) {
        sawDone = true;
        break;
      }
      if (data.error) throw errorFromEvent(data, setup.model);
      const chunk = data as unknown as ChatCompletionChunk;
      const usage = chunk.usage;
      if (usage) recorder.usage(toTurnUsage({ input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens }));
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = (choice.delta ?? {}) as ChatCompletionChunk.Choice.Delta & { reasoning_content?: string; reasoning?: string };
      const reasoning = delta.reasoning_content ?? delta.reasoning; // vLLM / Ollama extensions
      if (reasoning) recorder.reasoningDelta(reasoning);
      if (delta.content) recorder.textDelta(delta.content);
      for (const call of delta.tool_calls ?? []) {
        let key = open.get(call.index);
        if (!key) {
          key = `chat-tool-${call.index}`;
          open.set(call.index, key);
          recorder.toolCallStarted(key, { kind: 'function', callId: call.id ?? key, name: call.function?.name ?? '', input: '' });
        }
        if (call.function?.arguments) recorder.toolInputDelta(key, call.function.arguments);
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    if (!finish && !(sawDone && recorder.hasOutput)) throw stream.endedEarly(recorder); // [DONE] closes an answer too
    for (const key of open.values()) recorder.toolCallDone(key);
    return finish === 'length' ? { status: 'incomplete', incompleteReason: 'max_output_tokens' } : { status: 'completed' };
  } catch (error) {
    throw await fromHttpError(stream.failure ?? error, client.baseURL, setup.model, signal);
  } finally {
    stream.close();
  }
}

const DONE = Symbol('[DONE]');
type EventData = Record<string, unknown> & { type?: unknown; error?: unknown };

/**
 * One SSE response read event by event, with the limits a hostile or broken server meets: an event
 * bigger than maxFrameBytes, or silence longer than stallTimeoutMs, ends it. Data that is not a
 * JSON object is skipped and counted.
 */
class EventStream {
  /** Why the stream was cut by us (a limit, a stall), when it was. */
  failure: BackendError | undefined;
  private readonly controller = new AbortController();
  private readonly unlink: () => void;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    userSignal: AbortSignal,
    private readonly options: HttpStreamOptions,
  ) {
    const onAbort = () => this.controller.abort(userSignal.reason);
    userSignal.addEventListener('abort', onAbort, { once: true });
    this.unlink = () => userSignal.removeEventListener('abort', onAbort);
    if (userSignal.aborted) onAbort();
    this.armStall();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  async *events(response: globalThis.Response, recorder: TurnRecorder): AsyncGenerator<EventData | typeof DONE> {
    if (!response.body) throw connectionLost();
    const { iterSSE } = await loadSdk();
    let pending = 0; // bytes received since the last whole event
    const max = this.options.maxFrameBytes;
    const limiter = new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, controller) => {
        pending += chunk.byteLength;
        if (pending <= max) return controller.enqueue(chunk);
        const mib = Math.round((max / 1024 / 1024) * 10) / 10;
        this.cut(limitExceeded(`The server sent an event larger than ${mib} MiB`, LIMIT_SETTINGS.maxFrameBytes));
        controller.error(this.failure);
      },
    });
    const limited = new Response(response.body.pipeThrough(limiter), { status: response.status, headers: response.headers });
    for await (const sse of iterSSE(limited, this.controller)) {
      pending = 0;
      this.armStall();
      if (sse.data === '[DONE]') {
        yield DONE;
        return;
      }
      recorder.bytesReceived(Buffer.byteLength(sse.data) + (sse.event?.length ?? 0) + 16); // + SSE framing
      let data: unknown;
      try {
        data = JSON.parse(sse.data);
      } catch {
        data = undefined;
      }
      if (!data || typeof data !== 'object' || Array.isArray(data)) {
        recorder.malformed();
        continue;
      }
      if (sse.event === 'error' && !(data as EventData).type) (data as EventData).type = 'error';
      yield data as EventData;
    }
    if (this.failure) throw this.failure;
  }

  /** The stream ended with no terminal event: a drop, or a protocol error after malformed data. */
  endedEarly(recorder: TurnRecorder): BackendError {
    if (this.failure) return this.failure;
    if (recorder.stats.malformedEvents > 0) {
      return new BackendError('protocol', 'The server sent a malformed event and then ended the stream; the partial answer is kept.');
    }
    return connectionLost();
  }

  close(): void {
    clearTimeout(this.stallTimer);
    this.unlink();
    if (!this.controller.signal.aborted) this.controller.abort();
  }

  private cut(error: BackendError): void {
    this.failure ??= error;
    this.controller.abort(error);
  }

  private armStall(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      this.cut(stalled());
    }, this.options.stallTimeoutMs);
    this.stallTimer.unref?.();
  }
}

async function fromHttpError(error: unknown, baseUrl: string, model: string, signal: AbortSignal): Promise<unknown> {
  if (signal.aborted) return signal.reason;
  if (error instanceof BackendError) return error;
  // instanceof, not class names: the packaged extension is minified.
  const { OpenAI } = await loadSdk();
  const e = error as { status?: number; code?: string | null; type?: string; message?: string; headers?: Headers; cause?: unknown; error?: { message?: string } };
  if (error instanceof OpenAI.APIConnectionError) return unreachable(baseUrl, e.cause ?? error); // no status: never answered
  if (error instanceof OpenAI.APIError && error.status === undefined && error.error) {
    return errorFromEvent({ error: error.error }, model); // an error event the SDK raised itself
  }
  if (typeof e.status === 'number') {
    return classifyError({ status: e.status, code: e.code, type: e.type, message: e.error?.message ?? e.message, retryAfterMs: parseRetryAfter(e.headers) }, model);
  }
  if (error instanceof SyntaxError) return new BackendError('protocol', 'The server sent a malformed event; the partial answer is kept.');
  // fetch body errors mid-stream ("terminated", ECONNRESET) are drops.
  return connectionLost();
}

/** Responses input items → chat messages (tool calls and their outputs included). */
export function toChatMessages(instructions: string | undefined, input: ResponseInputItem[]): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [];
  if (instructions) messages.push({ role: 'system', content: instructions });
  for (const item of input) {
    if ('role' in item && (!('type' in item) || item.type === 'message')) {
      const text = typeof item.content === 'string' ? item.content : item.content.map((part) => ('text' in part ? part.text : '')).join('');
      const role = item.role === 'developer' ? 'system' : item.role;
      messages.push({ role, content: text });
      continue;
    }
    if (!('type' in item)) continue;
    if (item.type === 'custom_tool_call' || item.type === 'function_call') {
      const args = item.type === 'custom_tool_call' ? JSON.stringify({ input: item.input }) : item.arguments;
      const call = { id: item.call_id, type: 'function' as const, function: { name: item.name, arguments: args } };
      const last = messages.at(-1);
      if (last?.role === 'assistant') last.tool_calls = [...(last.tool_calls ?? []), call];
      else messages.push({ role: 'assistant', content: null, tool_calls: [call] });
    } else if (item.type === 'custom_tool_call_output' || item.type === 'function_call_output') {
      const output = typeof item.output === 'string' ? item.output : item.output.map((part) => ('text' in part ? (part.text ?? '') : '')).join('');
      messages.push({ role: 'tool', tool_call_id: item.call_id ?? '', content: output });
    }
  }
  return messages;
}

/** Chat Completions has function tools only: a freeform tool becomes `{input: string}`. */
function toChatTool(tool: Tool): ChatCompletionTool[] {
  if (tool.type === 'function') {
    const fn: ChatCompletionTool = { type: 'function', function: { name: tool.name, parameters: tool.parameters ?? {} } };
    if (tool.description) fn.function.description = tool.description;
    return [fn];
  }
  if (tool.type === 'custom') {
    const fn: ChatCompletionTool = {
      type: 'function',
      function: { name: tool.name, parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] } },
    };
    if (tool.description) fn.function.description = tool.description;
    return [fn];
  }
  return [];
}
