// One turn lifecycle above every transport:
//   started → (text | patch | reasoning deltas, tool calls, notices)* → completed | failed | incomplete | interrupted
// Transports feed a TurnRecorder; the UI consumes a Turn (async iterable, or on(listener)).
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { APPLY_PATCH, type EditFormat } from './tools';
import type { BackendError } from './errors';

export type Transport = 'websocket' | 'responses-http' | 'chat-completions' | 'codex-app-server';

export interface ToolCall {
  kind: 'custom' | 'function';
  callId: string;
  name: string;
  /** The custom tool input, or the function arguments JSON. */
  input: string;
}

export interface TurnUsage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

/** performance.now() milliseconds; undefined when the moment never came. */
export interface TurnTimings {
  /** When the UI asked for the turn: time to first token counts from here (cold opens included). */
  startedAt: number;
  requestSentAt?: number;
  firstByteAt?: number;
  firstTokenAt?: number;
  lastTokenAt?: number;
  endedAt?: number;
}

export interface TurnStats {
  transport: Transport;
  /** The connection was already open when the request went out. */
  warm: boolean;
  model: string;
  timings: TurnTimings;
  usage?: TurnUsage;
  /** Output deltas received (≈ tokens) — the tokens/s figure when usage is missing. */
  deltas: number;
  bytesSent: number;
  bytesReceived: number;
}

export type TurnStatus = 'completed' | 'failed' | 'incomplete' | 'interrupted';

export interface TurnResult {
  status: TurnStatus;
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
  responseId?: string;
  stats: TurnStats;
}

export type NoticeKind = 'model-fallback' | 'transport-fallback' | 'resent-full-input' | 'codex-command';

export type TurnEvent =
  | { type: 'started'; turnId: string; model: string; transport: Transport; warm: boolean; editFormat: EditFormat }
  | { type: 'notice'; kind: NoticeKind; message: string }
  | { type: 'text.delta'; delta: string }
  | { type: 'reasoning.delta'; delta: string }
  /** apply_patch input as it streams, always the raw patch text (decoded from JSON for function tools). */
  | { type: 'patch.delta'; callId: string; delta: string }
  | { type: 'tool-call'; call: ToolCall }
  | { type: 'completed'; result: TurnResult }
  | { type: 'incomplete'; result: TurnResult; reason: string }
  | { type: 'failed'; result: TurnResult; error: BackendError }
  | { type: 'interrupted'; result: TurnResult; cause: 'user' | 'connection-lost'; message: string };

/** The handle the UI holds: every event is replayed to each iterator/listener from the start. */
export class Turn implements AsyncIterable<TurnEvent> {
  readonly id: string;
  readonly result: Promise<TurnResult>;
  private readonly events: TurnEvent[] = [];
  private readonly listeners = new Set<(event: TurnEvent) => void>();
  private readonly wakers = new Set<() => void>();
  private resolve!: (result: TurnResult) => void;
  private readonly onInterrupt: () => void;
  private ended = false;

  constructor(id: string, onInterrupt: () => void) {
    this.id = id;
    this.onInterrupt = onInterrupt;
    this.result = new Promise((resolve) => (this.resolve = resolve));
  }

  get done(): boolean {
    return this.ended;
  }

  /** Stop the answer; the partial answer is kept and the turn ends `interrupted`. */
  interrupt(): void {
    if (!this.ended) this.onInterrupt();
  }

  on(listener: (event: TurnEvent) => void): () => void {
    for (const event of this.events) listener(event);
    if (!this.ended) this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: TurnEvent): void {
    if (this.ended) return;
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
    if ('result' in event) {
      this.ended = true;
      this.listeners.clear();
      this.resolve(event.result);
    }
    for (const wake of this.wakers) wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<TurnEvent> {
    let index = 0;
    while (true) {
      while (index < this.events.length) yield this.events[index++]!;
      if (this.ended) return;
      await new Promise<void>((wake) => {
        const once = () => {
          this.wakers.delete(once);
          wake();
        };
        this.wakers.add(once);
      });
    }
  }
}

/**
 * Accumulates one attempt's output and turns transport events into TurnEvents. WebSocket and SSE
 * both feed `onResponsesEvent`; Chat Completions calls the delta methods directly.
 */
export class TurnRecorder {
  text = '';
  reasoning = '';
  readonly toolCalls: ToolCall[] = [];
  responseId: string | undefined;
  readonly stats: TurnStats;
  private readonly emit: (event: TurnEvent) => void;
  private readonly openCalls = new Map<string, ToolCall>(); // by item id
  private readonly decoders = new Map<string, JsonStringFieldDecoder>();

  constructor(emit: (event: TurnEvent) => void, stats: Omit<TurnStats, 'timings' | 'deltas' | 'bytesSent' | 'bytesReceived'>) {
    this.emit = emit;
    this.stats = { ...stats, timings: { startedAt: performance.now() }, deltas: 0, bytesSent: 0, bytesReceived: 0 };
  }

  /** True once anything the user can see arrived: a retry would then lose or duplicate it. */
  get hasOutput(): boolean {
    return this.stats.deltas > 0 || this.toolCalls.length > 0;
  }

  requestSent(bytes: number): void {
    this.stats.timings.requestSentAt ??= performance.now();
    this.stats.bytesSent += bytes;
  }

  bytesReceived(bytes: number): void {
    this.stats.timings.firstByteAt ??= performance.now();
    this.stats.bytesReceived += bytes;
  }

  notice(kind: NoticeKind, message: string): void {
    this.emit({ type: 'notice', kind, message });
  }

  textDelta(delta: string): void {
    if (!delta) return;
    this.token();
    this.text += delta;
    this.emit({ type: 'text.delta', delta });
  }

  reasoningDelta(delta: string): void {
    if (!delta) return;
    this.token();
    this.reasoning += delta;
    this.emit({ type: 'reasoning.delta', delta });
  }

  toolCallStarted(itemId: string, call: ToolCall): void {
    this.openCalls.set(itemId, call);
    if (call.kind === 'function' && call.name === APPLY_PATCH) this.decoders.set(itemId, new JsonStringFieldDecoder('input'));
  }

  toolInputDelta(itemId: string, delta: string): void {
    const call = this.openCalls.get(itemId);
    if (!call || !delta) return;
    this.token();
    call.input += delta;
    if (call.name !== APPLY_PATCH) return;
    const decoded = call.kind === 'function' ? (this.decoders.get(itemId)?.push(delta) ?? '') : delta;
    if (decoded) this.emit({ type: 'patch.delta', callId: call.callId, delta: decoded });
  }

  toolCallDone(itemId: string, finalInput?: string): void {
    const call = this.openCalls.get(itemId);
    if (!call) return;
    this.openCalls.delete(itemId);
    if (finalInput !== undefined) call.input = finalInput;
    this.toolCalls.push(call);
    this.emit({ type: 'tool-call', call });
  }

  usage(usage: TurnUsage | undefined): void {
    if (usage) this.stats.usage = usage;
  }

  /** The shared reducer for Responses stream events (WebSocket frames and SSE data payloads). */
  onResponsesEvent(event: ResponseStreamEvent): void {
    switch (event.type) {
      case 'response.created':
        this.responseId = event.response.id;
        break;
      case 'response.output_text.delta':
        this.textDelta(event.delta);
        break;
      case 'response.reasoning_summary_text.delta':
        this.reasoningDelta(event.delta);
        break;
      case 'response.output_item.added': {
        const item = event.item;
        if (item.type === 'custom_tool_call') {
          this.toolCallStarted(item.id ?? item.call_id, { kind: 'custom', callId: item.call_id, name: item.name, input: '' });
        } else if (item.type === 'function_call') {
          this.toolCallStarted(item.id ?? item.call_id, { kind: 'function', callId: item.call_id, name: item.name, input: '' });
        }
        break;
      }
      case 'response.custom_tool_call_input.delta':
      case 'response.function_call_arguments.delta':
        this.toolInputDelta(event.item_id, event.delta);
        break;
      case 'response.output_item.done': {
        const item = event.item;
        if (item.type === 'custom_tool_call') this.toolCallDone(item.id ?? item.call_id, item.input);
        else if (item.type === 'function_call') this.toolCallDone(item.id ?? item.call_id, item.arguments);
        break;
      }
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        this.responseId = event.response.id;
        this.usage(toTurnUsage(event.response.usage));
        break;
    }
  }

  result(status: TurnStatus): TurnResult {
    this.stats.timings.endedAt ??= performance.now();
    const result: TurnResult = { status, text: this.text, reasoning: this.reasoning, toolCalls: [...this.toolCalls], stats: this.stats };
    if (this.responseId) result.responseId = this.responseId;
    return result;
  }

  private token(): void {
    const now = performance.now();
    this.stats.timings.firstTokenAt ??= now;
    this.stats.timings.lastTokenAt = now;
    this.stats.deltas++;
  }
}

export function toTurnUsage(
  usage:
    | {
        input_tokens: number;
        output_tokens: number;
        input_tokens_details?: { cached_tokens?: number };
        output_tokens_details?: { reasoning_tokens?: number };
      }
    | null
    | undefined,
): TurnUsage | undefined {
  if (!usage) return undefined;
  return {
    inputTokens: usage.input_tokens,
    cachedInputTokens: usage.input_tokens_details?.cached_tokens ?? 0,
    outputTokens: usage.output_tokens,
    reasoningTokens: usage.output_tokens_details?.reasoning_tokens ?? 0,
  };
}

/**
 * Streams the decoded value of one string field out of a JSON object that arrives in fragments,
 * so a function-tool apply_patch (`{"input":"*** Begin Patch\n…"}`) streams like a custom tool.
 */
export class JsonStringFieldDecoder {
  private readonly key: string;
  private buffer = '';
  private state: 'seek' | 'value' | 'done' = 'seek';
  private escape = '';

  constructor(key: string) {
    this.key = key;
  }

  push(fragment: string): string {
    if (this.state === 'done') return '';
    let rest = fragment;
    if (this.state === 'seek') {
      this.buffer += fragment;
      const match = new RegExp(`"${this.key}"\\s*:\\s*"`).exec(this.buffer);
      if (!match) return '';
      this.state = 'value';
      rest = this.buffer.slice(match.index + match[0].length);
      this.buffer = '';
    }
    let out = '';
    for (const ch of rest) {
      if (this.escape) {
        this.escape += ch;
        if (this.escape.startsWith('\\u')) {
          if (this.escape.length < 6) continue;
          out += String.fromCharCode(parseInt(this.escape.slice(2), 16));
        } else {
          out += ESCAPES[ch] ?? ch;
        }
        this.escape = '';
      } else if (ch === '\\') {
        this.escape = ch;
      } else if (ch === '"') {
        this.state = 'done';
        break;
      } else {
        out += ch;
      }
    }
    return out;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
