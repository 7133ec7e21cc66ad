// The HTTP fallbacks, both through the `openai` client: Responses streamed over SSE (servers
// without the WebSocket route), and Chat Completions streaming (servers without /v1/responses).
// Both feed the same TurnRecorder as the WebSocket session, so the UI sees the same TurnEvents.
import type OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions/completions';
import type { ResponseInputItem, Tool } from 'openai/resources/responses/responses';
import { BackendError, classifyError, connectionLost, parseRetryAfter, unreachable } from './errors';
import type { TurnSetup } from './session';
import { toTurnUsage, type TurnRecorder } from './turn';

export interface HttpOutcome {
  status: 'completed' | 'incomplete';
  responseId?: string;
  incompleteReason?: string;
}

/** POST /v1/responses with stream:true; always the full input (HTTP has no warm anchor to chain on). */
export async function streamResponsesHttp(
  client: OpenAI,
  setup: TurnSetup,
  input: ResponseInputItem[],
  recorder: TurnRecorder,
  signal: AbortSignal,
  store = false,
): Promise<HttpOutcome> {
  const body = {
    ...setup.extra,
    model: setup.model,
    input,
    store,
    stream: true as const,
    ...(setup.instructions ? { instructions: setup.instructions } : {}),
    ...(setup.tools?.length ? { tools: setup.tools } : {}),
  };
  recorder.requestSent(Buffer.byteLength(JSON.stringify(body)));
  try {
    const { data: stream } = await client.responses.create(body, { signal }).withResponse();
    recorder.bytesReceived(0);
    for await (const event of stream) {
      recorder.bytesReceived(Buffer.byteLength(JSON.stringify(event)) + event.type.length + 16); // + SSE framing
      if (event.type === 'error') throw classifyError({ code: event.code, message: event.message }, setup.model);
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
    throw connectionLost(); // the stream ended without a terminal event
  } catch (error) {
    throw fromHttpError(error, client.baseURL, setup.model, signal);
  }
}

/** POST /v1/chat/completions with stream:true: the last resort, for servers without Responses. */
export async function streamChatCompletions(
  client: OpenAI,
  setup: TurnSetup,
  input: ResponseInputItem[],
  recorder: TurnRecorder,
  signal: AbortSignal,
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
  try {
    const { data: stream } = await client.chat.completions.create(body, { signal }).withResponse();
    recorder.bytesReceived(0);
    for await (const chunk of stream) {
      recorder.bytesReceived(Buffer.byteLength(JSON.stringify(chunk)) + 8);
      const usage = chunk.usage;
      if (usage) recorder.usage(toTurnUsage({ input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens }));
      const choice = chunk.choices[0];
      if (!choice) continue;
      const delta = choice.delta as ChatCompletionChunk.Choice.Delta & { reasoning_content?: string; reasoning?: string };
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
    if (!finish) throw connectionLost();
    for (const key of open.values()) recorder.toolCallDone(key);
    return finish === 'length' ? { status: 'incomplete', incompleteReason: 'max_output_tokens' } : { status: 'completed' };
  } catch (error) {
    throw fromHttpError(error, client.baseURL, setup.model, signal);
  }
}

function fromHttpError(error: unknown, baseUrl: string, model: string, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  if (error instanceof BackendError) return error;
  const e = error as { status?: number; code?: string | null; type?: string; message?: string; headers?: Headers; cause?: unknown };
  const name = (error as object | undefined)?.constructor?.name;
  if (name === 'APIConnectionError' || name === 'APIConnectionTimeoutError') {
    // No status: the request never got an answer.
    return unreachable(baseUrl, e.cause ?? error);
  }
  if (typeof e.status === 'number') {
    const apiError = (error as { error?: { message?: string } }).error;
    return classifyError({ status: e.status, code: e.code, type: e.type, message: apiError?.message ?? e.message, retryAfterMs: parseRetryAfter(e.headers) }, model);
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
