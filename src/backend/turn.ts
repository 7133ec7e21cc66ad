// One turn lifecycle above every transport:
//   started → (text | patch | reasoning deltas, tool calls, notices)* → completed | failed | incomplete | interrupted
// Transports feed a TurnRecorder; the UI consumes a Turn (async iterable, or on(listener)).
import type { Response, ResponseOutputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { APPLY_PATCH, type EditFormat } from './tools';
import { limitExceeded, type BackendError } from './errors';
import { DEFAULT_LIMITS, LIMIT_SETTINGS, type Limits } from './limits';
import type { TurnOutcome } from '../protocol';
import { flatText } from '../flatText';

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
  /** Frames / SSE events that were not JSON and were skipped. */
  malformedEvents: number;
}

/** How a turn ended: the protocol's TurnOutcome, one declaration shared with the host and webview. */
export type TurnStatus = TurnOutcome;

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
  /** `itemId` names the output message the text belongs to (one per message item of the response). */
  | { type: 'text.delta'; itemId: string; delta: string }
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
 * Accumulates one turn's output and turns transport events into TurnEvents. WebSocket and SSE
 * both feed `onResponsesEvent`; Chat Completions calls the delta methods directly. Answers that
 * arrive without deltas (only in `output_item.done` or in `response.completed`'s output) are taken
 * from there, never twice. Throws a `limit` BackendError when the answer or a patch gets too big.
 */
export class TurnRecorder {
  text = '';
  reasoning = '';
  readonly toolCalls: ToolCall[] = [];
  responseId: string | undefined;
  readonly stats: TurnStats;
  /** Events received (all attempts): a request that got none back can be retried. */
  events = 0;
  private readonly emit: (event: TurnEvent) => void;
  private readonly limits: Pick<Limits, 'maxAnswerChars' | 'maxPatchChars'>;
  private readonly openCalls = new Map<string, ToolCall>(); // by item key
  private readonly decoders = new Map<string, JsonStringFieldDecoder>();
  /**
   * Where each message item's streamed text lies in `text`, by item key: runs of [start, end), one
   * per stretch of deltas (items do not interleave in practice). Offsets, not another copy of the
   * answer.
   */
  private readonly streamedRuns = new Map<string, Array<[number, number]>>();
  /** Output items already taken in full (done or completed): never taken again. */
  private readonly finishedItems = new Set<string>();

  constructor(
    emit: (event: TurnEvent) => void,
    stats: Omit<TurnStats, 'timings' | 'deltas' | 'bytesSent' | 'bytesReceived' | 'malformedEvents'>,
    limits: Partial<Pick<Limits, 'maxAnswerChars' | 'maxPatchChars'>> = {},
  ) {
    this.emit = emit;
    this.limits = { maxAnswerChars: limits.maxAnswerChars ?? DEFAULT_LIMITS.maxAnswerChars, maxPatchChars: limits.maxPatchChars ?? DEFAULT_LIMITS.maxPatchChars };
    this.stats = { ...stats, timings: { startedAt: performance.now() }, deltas: 0, bytesSent: 0, bytesReceived: 0, malformedEvents: 0 };
  }

  /** True once anything the user can see arrived: a retry would then lose or duplicate it. */
  get hasOutput(): boolean {
    return this.stats.deltas > 0 || this.toolCalls.length > 0;
  }

  requestSent(bytes: number): void {
    this.stats.timings.requestSentAt ??= performance.now();
    this.stats.bytesSent += bytes;
  }

  /** One event's bytes (0 for response headers, which are not an event). */
  bytesReceived(bytes: number): void {
    this.stats.timings.firstByteAt ??= performance.now();
    this.stats.bytesReceived += bytes;
    if (bytes > 0) this.events++;
  }

  /** A frame or SSE event that is not JSON: skipped and counted (the connection log shows it). */
  malformed(): void {
    this.stats.malformedEvents++;
  }

  notice(kind: NoticeKind, message: string): void {
    this.emit({ type: 'notice', kind, message });
  }

  /** `itemKey` names the output message (Chat Completions has one per answer: ''). */
  textDelta(delta: string, itemKey = ''): void {
    if (!delta) return;
    if (this.text.length + delta.length > this.limits.maxAnswerChars) {
      throw limitExceeded(`The answer passed ${this.limits.maxAnswerChars.toLocaleString('en-US')} characters`, LIMIT_SETTINGS.maxAnswerChars);
    }
    this.token();
    const start = this.text.length;
    this.text += delta;
    const runs = this.streamedRuns.get(itemKey);
    const last = runs?.at(-1);
    if (last && last[1] === start) last[1] = this.text.length;
    else if (runs) runs.push([start, this.text.length]);
    else this.streamedRuns.set(itemKey, [[start, this.text.length]]);
    this.emit({ type: 'text.delta', itemId: itemKey, delta });
  }

  reasoningDelta(delta: string): void {
    if (!delta) return;
    this.token();
    this.reasoning += delta;
    this.emit({ type: 'reasoning.delta', delta });
  }

  toolCallStarted(itemKey: string, call: ToolCall): void {
    if (this.openCalls.has(itemKey) || this.finishedItems.has(itemKey)) return;
    this.openCalls.set(itemKey, call);
    if (call.kind === 'function' && call.name === APPLY_PATCH) this.decoders.set(itemKey, new JsonStringFieldDecoder('input'));
  }

  toolInputDelta(itemKey: string, delta: string): void {
    const call = this.openCalls.get(itemKey);
    if (!call || !delta) return;
    if (call.input.length + delta.length > this.limits.maxPatchChars) {
      throw limitExceeded(`A ${call.name} call passed ${this.limits.maxPatchChars.toLocaleString('en-US')} characters`, LIMIT_SETTINGS.maxPatchChars);
    }
    this.token();
    call.input += delta;
    if (call.name !== APPLY_PATCH) return;
    const decoded = call.kind === 'function' ? (this.decoders.get(itemKey)?.push(delta) ?? '') : delta;
    if (decoded) this.emit({ type: 'patch.delta', callId: call.callId, delta: decoded });
  }

  /** Ends a tool call; a final input that extends what streamed is streamed first (nothing lost). */
  toolCallDone(itemKey: string, finalInput?: string): void {
    const call = this.openCalls.get(itemKey);
    if (!call) return;
    if (finalInput !== undefined && finalInput.length > call.input.length && finalInput.startsWith(call.input)) {
      this.toolInputDelta(itemKey, finalInput.slice(call.input.length));
    }
    this.openCalls.delete(itemKey);
    this.finishedItems.add(itemKey);
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
        this.textDelta(event.delta, itemKey(event.item_id, event.output_index));
        break;
      case 'response.reasoning_summary_text.delta':
        this.reasoningDelta(event.delta);
        break;
      case 'response.output_item.added': {
        const call = toolCallOf(event.item);
        if (call) this.toolCallStarted(itemKey(event.item.id, event.output_index), { ...call, input: '' });
        break;
      }
      case 'response.custom_tool_call_input.delta':
      case 'response.function_call_arguments.delta':
        this.toolInputDelta(itemKey(event.item_id, event.output_index), event.delta);
        break;
      case 'response.output_item.done':
        this.takeItem(event.item, itemKey(event.item.id, event.output_index), true);
        break;
      case 'response.completed':
      case 'response.incomplete':
        this.takeOutput(event.response);
        this.responseId = event.response.id;
        this.usage(toTurnUsage(event.response.usage));
        break;
      case 'response.failed':
        this.responseId = event.response.id;
        this.usage(toTurnUsage(event.response.usage));
        break;
    }
  }

  result(status: TurnStatus): TurnResult {
    this.stats.timings.endedAt ??= performance.now();
    const result: TurnResult = { status, text: flatText(this.text), reasoning: this.reasoning, toolCalls: [...this.toolCalls], stats: this.stats };
    if (this.responseId) result.responseId = this.responseId;
    return result;
  }

  /**
   * A finished output item: text that did not stream is taken from it, a tool call is ended.
   * `trusted` (output_item.done names the item) takes an unknown message; from the final response
   * an unknown message is taken only when no text streamed at all, so a proxy that renames items
   * cannot double the answer.
   */
  private takeItem(item: ResponseOutputItem, key: string, trusted: boolean): void {
    if (this.finishedItems.has(key)) return;
    const call = toolCallOf(item);
    if (call) {
      if (this.toolCalls.some((c) => c.callId === call.callId)) return;
      const open = [...this.openCalls].find(([, c]) => c.callId === call.callId)?.[0];
      const callKey = this.openCalls.has(key) ? key : (open ?? key);
      this.toolCallStarted(callKey, { ...call, input: '' });
      this.toolCallDone(callKey, call.input);
      return;
    }
    if (item.type !== 'message') return;
    const full = item.content.map((part) => (part.type === 'output_text' ? part.text : '')).join('');
    const runs = this.streamedRuns.get(key);
    const streamed = runs?.map(([start, end]) => this.text.slice(start, end)).join('');
    if (streamed === undefined && !trusted && this.text) return;
    this.finishedItems.add(key);
    const have = streamed ?? '';
    if (full.length > have.length && full.startsWith(have)) this.textDelta(full.slice(have.length), key);
  }

  /** Tool calls that never got their done end with what streamed (the response is over). */
  endOpenCalls(): void {
    for (const key of [...this.openCalls.keys()]) this.toolCallDone(key);
  }

  /** The final response: anything it carries that never streamed, then calls that never got a done. */
  private takeOutput(response: Response): void {
    (response.output ?? []).forEach((item, index) => this.takeItem(item, itemKey(item.id, index), false));
    this.endOpenCalls();
  }

  private token(): void {
    const now = performance.now();
    this.stats.timings.firstTokenAt ??= now;
    this.stats.timings.lastTokenAt = now;
    this.stats.deltas++;
  }
}

/** Items are matched by id; servers that leave ids out are matched by position. */
function itemKey(id: string | null | undefined, outputIndex: number | undefined): string {
  return id || `#${outputIndex ?? 0}`;
}

function toolCallOf(item: ResponseOutputItem): Omit<ToolCall, 'input'> & { input: string } | undefined {
  if (item.type === 'custom_tool_call') return { kind: 'custom', callId: item.call_id, name: item.name, input: item.input ?? '' };
  if (item.type === 'function_call') return { kind: 'function', callId: item.call_id, name: item.name, input: item.arguments ?? '' };
  return undefined;
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
  private state: 'seek' | 'value' | 'done' = 'seek';
  // Seeking: a streaming scan of the JSON structure, one pass over each fragment (a regular
  // expression over the growing buffer was quadratic when the field came late in big arguments).
  /** Open containers, innermost last: '{' or '['. */
  private readonly open: string[] = [];
  private inString = false;
  private stringEscape = false;
  /** The string being read is an object key. */
  private readingKey = false;
  /** The key read so far; longer than the wanted key means no match (undefined). */
  private keyText: string | undefined = '';
  /** Where the scan stands around the wanted key: found it, then its colon. */
  private after: 'none' | 'key' | 'colon' = 'none';
  /** Outside strings, the next string in the current object is a key. */
  private expectKey = false;
  // Decoding the value.
  private escape = '';

  constructor(key: string) {
    this.key = key;
  }

  push(fragment: string): string {
    if (this.state === 'done') return '';
    let start = 0;
    if (this.state === 'seek') {
      start = this.seek(fragment);
      if (start === -1) return '';
      this.state = 'value';
    }
    return this.decode(fragment, start);
  }

  /** Scans for `"key"\s*:\s*"`; returns the index just after the value's opening quote, or -1. */
  private seek(s: string): number {
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (this.inString) {
        if (this.stringEscape) this.stringEscape = false;
        else if (c === '\\') this.stringEscape = true;
        else if (c === '"') {
          this.inString = false;
          if (this.readingKey) {
            this.after = this.keyText === this.key ? 'key' : 'none';
            this.readingKey = false;
          }
          continue;
        }
        if (this.readingKey && this.keyText !== undefined) this.keyText = this.keyText.length < this.key.length ? this.keyText + c : undefined;
        continue;
      }
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
      if (c === '"') {
        if (this.after === 'colon') return i + 1;
        this.inString = true;
        this.readingKey = this.expectKey;
        this.keyText = '';
        this.expectKey = false;
        this.after = 'none';
        continue;
      }
      if (c === ':' && this.after === 'key') {
        this.after = 'colon';
        continue;
      }
      this.after = 'none';
      if (c === '{' || c === '[') this.open.push(c);
      else if (c === '}' || c === ']') this.open.pop();
      this.expectKey = (c === '{' || c === ',') && this.open.at(-1) === '{';
    }
    return -1;
  }

  private decode(s: string, from: number): string {
    let out = '';
    let i = from;
    while (i < s.length) {
      if (this.escape) {
        this.escape += s[i++];
        if (this.escape.startsWith('\\u')) {
          if (this.escape.length < 6) continue;
          out += String.fromCharCode(parseInt(this.escape.slice(2), 16));
        } else {
          const ch = this.escape[1]!;
          out += ESCAPES[ch] ?? ch;
        }
        this.escape = '';
        continue;
      }
      // copy the run up to the next backslash or quote in one slice
      let j = i;
      while (j < s.length && s[j] !== '\\' && s[j] !== '"') j++;
      out += s.slice(i, j);
      if (j === s.length) break;
      if (s[j] === '"') {
        this.state = 'done';
        break;
      }
      this.escape = '\\';
      i = j + 1;
    }
    return out;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
