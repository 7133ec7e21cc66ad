// Scripted answers and how they are played on the wire: the same Responses stream events for
// WebSocket frames and SSE, chat.completion.chunk objects for Chat Completions. Typed against
// the `openai` package so the fake cannot drift from the real protocol.
import type {
  Response,
  ResponseInputItem,
  ResponseOutputItem,
  ResponseStreamEvent,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions/completions';

export interface ScriptedToolCall {
  /** custom = a freeform tool like Codex's apply_patch; function = JSON arguments. */
  kind?: 'custom' | 'function';
  name?: string;
  /** The tool input (custom) or the arguments JSON (function). */
  input: string;
  callId?: string;
}

export type Fault =
  /** Destroy the connection after N stream events (no close frame, no response.completed); 0: no answer at all. */
  | { type: 'drop-after'; events: number }
  /** Close cleanly after every event but response.completed. */
  | { type: 'close-before-completed' }
  /**
   * Answer in full, then close the connection `delayMs` later (load balancers and proxies do): a
   * request that arrives meanwhile is never answered. Over HTTP the connection stays advertised as
   * kept alive, so the client may reuse it.
   */
  | { type: 'close-after-completed'; delayMs?: number }
  /**
   * An in-stream `error` event after N events, instead of the rest of the answer: with `status`
   * the nested `{type:"error",status,error:{…}}` form, without it the flat `{type:"error",code,message}`.
   * On every transport (an SSE `event: error`, a Chat Completions `data: {"error":…}`).
   */
  | { type: 'error-frame'; afterEvents?: number; status?: number; code: string; message?: string; retryAfterSeconds?: number }
  /** Refuse the request before streaming: HTTP status, or an `error` frame with that status on WS. */
  | { type: 'http-error'; status: number; code?: string; message?: string; retryAfterSeconds?: number }
  | { type: 'model-not-found' }
  | { type: 'connection-limit' }
  /** A frame / SSE data line that is not JSON after N events; then the answer goes on, or the connection closes. */
  | { type: 'malformed-json'; afterEvents?: number; then?: 'continue' | 'close' }
  /** One text delta of `bytes` bytes after N events (a frame-size limit must stop it). */
  | { type: 'oversized-frame'; bytes: number; afterEvents?: number }
  /** Tool calls stream their input but never get `output_item.done` (the response still completes). */
  | { type: 'no-tool-done' }
  /** SSE only: the stream ends with `data: [DONE]` instead of response.completed (some proxies). */
  | { type: 'done-instead-of-completed' }
  /** Stop sending after N events and hold the connection open. */
  | { type: 'stall'; afterEvents?: number };

/**
 * How the answer's output reaches the client: `deltas` (the normal stream), `item-done` (no
 * deltas: whole items in `output_item.done`), `completed-only` (only `response.completed`'s output).
 */
export type Delivery = 'deltas' | 'item-done' | 'completed-only';

export interface Script {
  text?: string;
  /** Reasoning summary streamed before the text. */
  reasoning?: string;
  /** Streamed after the text. */
  toolCalls?: ScriptedToolCall[];
  ttftMs?: number;
  /** Output deltas per second; 0 = as fast as the socket takes them. */
  tokensPerSecond?: number;
  fault?: Fault;
  /** End with response.incomplete (max_output_tokens) instead of completed. */
  incomplete?: boolean;
  /** Default `deltas`. Chat Completions always streams deltas. */
  delivery?: Delivery;
}

export const DEFAULT_TEXT = 'Hello from the Flowpair fake backend. This is a scripted answer.';

export const TWO_FILE_PATCH = `*** Begin Patch
*** Update File: src/greet.ts
@@ export function greet(name: string) {
-  return 'Hello ' + name;
+  return \`Hello, \${name}!\`;
 }
*** Add File: src/farewell.ts
+export function farewell(name: string): string {
+  return \`Goodbye, \${name}.\`;
+}
*** End Patch
`;

/** Splits text into token-sized pieces (~4 chars, never splitting a surrogate pair). */
export function tokenize(text: string): string[] {
  return text.match(/[\s\S]{1,4}/gu) ?? [];
}

/** The latest user message's text in an input list — what per-prompt scripts match against. */
export function latestUserText(input: string | ResponseInputItem[] | undefined): string {
  if (typeof input === 'string') return input;
  for (const item of [...(input ?? [])].reverse()) {
    if (!('role' in item) || item.role !== 'user') continue;
    const content = item.content;
    if (typeof content === 'string') return content;
    return content.map((part) => ('text' in part ? part.text : '')).join('');
  }
  return '';
}

let counter = 0;
export const newId = (prefix: string) => `${prefix}_${(++counter).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export function makeResponse(
  id: string,
  model: string,
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed',
  output: ResponseOutputItem[] = [],
  usage?: ResponseUsage,
): Response {
  const response: Response = {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model,
    output,
    output_text: output.flatMap((item) => (item.type === 'message' ? item.content.map((c) => ('text' in c ? c.text : '')) : [])).join(''),
    access_programs: null,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: null,
    metadata: null,
    parallel_tool_calls: false,
    temperature: null,
    tool_choice: 'auto',
    tools: [],
    top_p: null,
  };
  if (usage) response.usage = usage;
  return response;
}

export function makeUsage(inputTokens: number, outputTokens: number): ResponseUsage {
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 } as ResponseUsage['input_tokens_details'],
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
}

/** Where a played script goes: a WebSocket, an SSE response, or a collector. */
export interface EventSink {
  readonly closed: boolean;
  send(event: ResponseStreamEvent): void;
  sendRaw(text: string): void;
  /** Abrupt loss: no close frame, no end of stream. */
  drop(): void;
  /** Orderly end of the connection/stream without a terminal event. */
  end(): void;
}

export interface PlayContext {
  model: string;
  responseId: string;
  inputTokens: number;
  defaults: { ttftMs: number; tokensPerSecond: number };
  onCompleted?: (response: Response) => void;
  /** Called right after each output delta is written (wall-clock timestamps for benchmarks). */
  onDelta?: () => void;
  /** The `close-after-completed` fault: close this connection after `delayMs`, answering nothing more. */
  closeAfterCompleted?: (delayMs: number) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Plays one script as Responses stream events, paced by TTFT and token rate, with its fault. */
export async function playResponses(script: Script, ctx: PlayContext, sink: EventSink): Promise<void> {
  const fault = script.fault;
  let seq = 0;
  let sent = 0;
  const ttft = script.ttftMs ?? ctx.defaults.ttftMs;
  const rate = script.tokensPerSecond ?? ctx.defaults.tokensPerSecond;
  const started = performance.now();
  let tokenIndex = 0;
  let halted = false;
  const delivery = script.delivery ?? 'deltas';
  const midFault =
    fault?.type === 'error-frame' || fault?.type === 'malformed-json' || fault?.type === 'stall' || fault?.type === 'oversized-frame' ? fault : undefined;
  let midFaultFired = false;
  /** Fires the mid-stream fault; true when the stream goes on after it. */
  const fireMidFault = (): boolean => {
    midFaultFired = true;
    if (midFault?.type === 'malformed-json') {
      sink.sendRaw('{"type":"response.output_text.delta","delta":');
      if (midFault.then !== 'close') return true;
      halted = true;
      sink.end();
      return false;
    }
    if (midFault?.type === 'oversized-frame') {
      sink.send({ type: 'response.output_text.delta', item_id: 'msg_oversized', output_index: 0, content_index: 0, delta: 'x'.repeat(midFault.bytes), logprobs: [], sequence_number: seq++ });
      return true;
    }
    halted = true;
    if (midFault?.type === 'error-frame') sink.send(errorEvent(midFault, seq++));
    // stall: simply stop sending and hold the connection.
    return false;
  };

  // Returns false once the stream must stop (closed by the client or by a fault).
  const emit = (event: ResponseStreamEvent): boolean => {
    if (halted || sink.closed) return false;
    if (midFault && !midFaultFired && sent === (midFault.afterEvents ?? 0) && !fireMidFault()) return false;
    if (halted || sink.closed) return false;
    if (fault?.type === 'drop-after' && sent === fault.events) {
      halted = true;
      sink.drop();
      return false;
    }
    sink.send(event);
    sent++;
    return true;
  };
  const pace = async () => {
    const due = started + ttft + (rate > 0 ? (tokenIndex * 1000) / rate : 0);
    tokenIndex++;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    return !halted && !sink.closed;
  };

  /** Item-level events (added/done, parts): not sent when only response.completed carries the output. */
  const emitItem = (event: ResponseStreamEvent): boolean => (delivery === 'completed-only' ? !halted && !sink.closed : emit(event));

  const base = makeResponse(ctx.responseId, ctx.model, 'in_progress');
  if (!emit({ type: 'response.created', response: base, sequence_number: seq++ })) return;
  if (!emit({ type: 'response.in_progress', response: base, sequence_number: seq++ })) return;

  const output: ResponseOutputItem[] = [];
  let outputTokens = 0;
  const streamText = async (
    pieces: string[],
    delta: (piece: string) => ResponseStreamEvent,
  ): Promise<boolean> => {
    if (delivery !== 'deltas') {
      // No deltas on the wire: the output still takes its time to be generated.
      for (const _ of pieces) {
        if (!(await pace())) return false;
        outputTokens++;
      }
      return true;
    }
    for (const piece of pieces) {
      if (!(await pace()) || !emit(delta(piece))) return false;
      ctx.onDelta?.();
      outputTokens++;
    }
    return true;
  };

  if (script.reasoning) {
    const id = newId('rs');
    const index = output.length;
    const item: ResponseOutputItem = { id, type: 'reasoning', summary: [], status: 'in_progress' };
    if (!emitItem({ type: 'response.output_item.added', item, output_index: index, sequence_number: seq++ })) return;
    const part = { type: 'summary_text' as const, text: '' };
    if (!emitItem({ type: 'response.reasoning_summary_part.added', item_id: id, output_index: index, summary_index: 0, part, sequence_number: seq++ })) return;
    const ok = await streamText(tokenize(script.reasoning), (delta) => ({
      type: 'response.reasoning_summary_text.delta', item_id: id, output_index: index, summary_index: 0, delta, sequence_number: seq++,
    }));
    if (!ok) return;
    const done: ResponseOutputItem = { id, type: 'reasoning', summary: [{ type: 'summary_text', text: script.reasoning }], status: 'completed' };
    if (!emitItem({ type: 'response.reasoning_summary_text.done', item_id: id, output_index: index, summary_index: 0, text: script.reasoning, sequence_number: seq++ })) return;
    if (!emitItem({ type: 'response.output_item.done', item: done, output_index: index, sequence_number: seq++ })) return;
    output.push(done);
  }

  const text = script.text ?? (script.toolCalls?.length ? '' : DEFAULT_TEXT);
  if (text) {
    const id = newId('msg');
    const index = output.length;
    const empty = { type: 'output_text' as const, text: '', annotations: [] };
    if (!emitItem({ type: 'response.output_item.added', item: { id, type: 'message', role: 'assistant', status: 'in_progress', content: [] }, output_index: index, sequence_number: seq++ })) return;
    if (!emitItem({ type: 'response.content_part.added', item_id: id, output_index: index, content_index: 0, part: empty, sequence_number: seq++ })) return;
    const ok = await streamText(tokenize(text), (delta) => ({
      type: 'response.output_text.delta', item_id: id, output_index: index, content_index: 0, delta, logprobs: [], sequence_number: seq++,
    }));
    if (!ok) return;
    const full = { type: 'output_text' as const, text, annotations: [] };
    const item: ResponseOutputItem = { id, type: 'message', role: 'assistant', status: 'completed', content: [full] };
    if (!emitItem({ type: 'response.output_text.done', item_id: id, output_index: index, content_index: 0, text, logprobs: [], sequence_number: seq++ })) return;
    if (!emitItem({ type: 'response.content_part.done', item_id: id, output_index: index, content_index: 0, part: full, sequence_number: seq++ })) return;
    if (!emitItem({ type: 'response.output_item.done', item, output_index: index, sequence_number: seq++ })) return;
    output.push(item);
  }

  for (const call of script.toolCalls ?? []) {
    const id = newId('ctc');
    const index = output.length;
    const callId = call.callId ?? newId('call');
    const name = call.name ?? 'apply_patch';
    const custom = (call.kind ?? 'custom') === 'custom';
    const added: ResponseOutputItem = custom
      ? { id, type: 'custom_tool_call', call_id: callId, name, input: '' }
      : { id, type: 'function_call', call_id: callId, name, arguments: '', status: 'in_progress' };
    if (!emitItem({ type: 'response.output_item.added', item: added, output_index: index, sequence_number: seq++ })) return;
    const ok = await streamText(tokenize(call.input), (delta) =>
      custom
        ? { type: 'response.custom_tool_call_input.delta', item_id: id, output_index: index, delta, sequence_number: seq++ }
        : { type: 'response.function_call_arguments.delta', item_id: id, output_index: index, delta, sequence_number: seq++ },
    );
    if (!ok) return;
    const done: ResponseOutputItem = custom
      ? { id, type: 'custom_tool_call', call_id: callId, name, input: call.input }
      : { id, type: 'function_call', call_id: callId, name, arguments: call.input, status: 'completed' };
    const inputDone: ResponseStreamEvent = custom
      ? { type: 'response.custom_tool_call_input.done', item_id: id, output_index: index, input: call.input, sequence_number: seq++ }
      : { type: 'response.function_call_arguments.done', item_id: id, output_index: index, arguments: call.input, sequence_number: seq++ };
    output.push(done);
    if (fault?.type === 'no-tool-done') continue;
    if (!emitItem(inputDone)) return;
    if (!emitItem({ type: 'response.output_item.done', item: done, output_index: index, sequence_number: seq++ })) return;
  }

  if (midFault && !midFaultFired && !fireMidFault()) return; // scheduled past the last event: fires before the terminal one
  if (fault?.type === 'close-before-completed') {
    sink.end();
    return;
  }
  const usage = makeUsage(ctx.inputTokens, outputTokens);
  if (fault?.type === 'done-instead-of-completed') {
    sink.sendRaw('[DONE]');
    sink.end();
    return;
  }
  const final = makeResponse(ctx.responseId, ctx.model, script.incomplete ? 'incomplete' : 'completed', output, usage);
  ctx.onCompleted?.(final);
  const sentTerminal = emit(
    script.incomplete
      ? { type: 'response.incomplete', response: final, sequence_number: seq++ }
      : { type: 'response.completed', response: final, sequence_number: seq++ },
  );
  if (sentTerminal && fault?.type === 'close-after-completed') ctx.closeAfterCompleted?.(fault.delayMs ?? 10);
}

/** An in-stream error event: nested (with an HTTP status) like the WebSocket API, or flat like SSE's. */
export function errorEvent(fault: Extract<Fault, { type: 'error-frame' }>, sequence: number): ResponseStreamEvent {
  const message = fault.message ?? fault.code;
  if (fault.status === undefined) return { type: 'error', code: fault.code, message, param: null, sequence_number: sequence };
  const error: { type: string; code: string; message: string; param: null; headers?: Record<string, string> } = {
    type: fault.status === 429 ? 'requests' : fault.status >= 500 ? 'server_error' : 'invalid_request_error',
    code: fault.code,
    message,
    param: null,
  };
  if (fault.retryAfterSeconds !== undefined) error.headers = { 'retry-after': String(fault.retryAfterSeconds) };
  // The nested form is what WebSocket mode sends; the SDK's stream type only names the flat one.
  return { type: 'error', status: fault.status, error, sequence_number: sequence } as unknown as ResponseStreamEvent;
}

/** Re-expresses Responses stream events as Chat Completions chunks (custom tools become functions). */
export function chatChunks(model: string, includeUsage: boolean) {
  const id = newId('chatcmpl');
  const created = Math.floor(Date.now() / 1000);
  const toolIndex = new Map<string, number>();
  let sawTool = false;
  const chunk = (delta: ChatCompletionChunk.Choice.Delta, finish: ChatCompletionChunk.Choice['finish_reason'] = null): ChatCompletionChunk => ({
    id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }],
  });
  return (event: ResponseStreamEvent): ChatCompletionChunk[] => {
    switch (event.type) {
      case 'response.created':
        return [chunk({ role: 'assistant', content: '' })];
      case 'response.output_text.delta':
        return [chunk({ content: event.delta })];
      case 'response.output_item.added': {
        const item = event.item;
        if (item.type !== 'custom_tool_call' && item.type !== 'function_call') return [];
        sawTool = true;
        const index = toolIndex.size;
        toolIndex.set(item.id ?? item.call_id, index);
        // Custom tools do not exist here: the input is streamed as a JSON string field.
        const prefix = item.type === 'custom_tool_call' ? '{"input":"' : '';
        return [chunk({ tool_calls: [{ index, id: item.call_id, type: 'function', function: { name: item.name, arguments: prefix } }] })];
      }
      case 'response.custom_tool_call_input.delta':
        return [chunk({ tool_calls: [{ index: toolIndex.get(event.item_id) ?? 0, function: { arguments: JSON.stringify(event.delta).slice(1, -1) } }] })];
      case 'response.function_call_arguments.delta':
        return [chunk({ tool_calls: [{ index: toolIndex.get(event.item_id) ?? 0, function: { arguments: event.delta } }] })];
      case 'response.custom_tool_call_input.done':
        return [chunk({ tool_calls: [{ index: toolIndex.get(event.item_id) ?? 0, function: { arguments: '"}' } }] })];
      case 'response.completed':
      case 'response.incomplete': {
        const finish = event.type === 'response.incomplete' ? 'length' : sawTool ? 'tool_calls' : 'stop';
        const chunks = [chunk({}, finish)];
        const usage = event.response.usage;
        if (includeUsage && usage) {
          chunks.push({
            id, object: 'chat.completion.chunk', created, model, choices: [],
            usage: { prompt_tokens: usage.input_tokens, completion_tokens: usage.output_tokens, total_tokens: usage.total_tokens },
          });
        }
        return chunks;
      }
      default:
        return [];
    }
  };
}
