// The one place conversation state lives: the full input history (for a full resend), the tool
// calls still awaiting an output, and the chain anchor (a response id valid on one socket).
import type { ResponseInputContent, ResponseInputItem } from 'openai/resources/responses/responses';
import type { ToolCall, TurnResult } from './turn';

export interface ToolOutput {
  callId: string;
  /** What happened to the call, e.g. "Accepted: 2 hunks applied." or "Rejected by the user." */
  output: string;
}

export type UserContent = string | ResponseInputContent[];

/** Said for a tool call the user has not decided on yet: the API refuses a turn without it. */
export const PENDING_TOOL_OUTPUT = 'Not applied yet: the user has not reviewed this change.';

interface Anchor {
  responseId: string;
  socketId: number;
  /** How many history items the server holds under responseId. */
  covered: number;
}

export class Conversation {
  private readonly items: ResponseInputItem[] = [];
  private pending: ToolCall[] = [];
  private anchor: Anchor | undefined;

  get history(): readonly ResponseInputItem[] {
    return this.items;
  }

  get pendingToolCalls(): readonly ToolCall[] {
    return this.pending;
  }

  /** The items a new turn adds: an output for every pending tool call, a note (if any), then the user message. */
  turnInput(user: UserContent | undefined, toolOutputs: ToolOutput[] = [], note?: string): ResponseInputItem[] {
    const given = new Map(toolOutputs.map((o) => [o.callId, o.output]));
    const items: ResponseInputItem[] = this.pending.map((call) => {
      const output = given.get(call.callId) ?? PENDING_TOOL_OUTPUT;
      return call.kind === 'custom'
        ? { type: 'custom_tool_call_output', call_id: call.callId, output }
        : { type: 'function_call_output', call_id: call.callId, output };
    });
    if (note) items.push({ role: 'user', content: note });
    if (user !== undefined && user.length > 0) items.push({ role: 'user', content: user });
    return items;
  }

  /** Context attached outside a turn (e.g. the open file), sent with the next prewarm or turn. */
  addContext(items: ResponseInputItem[]): void {
    this.items.push(...items);
  }

  /** What a request on `socketId` must send: chained on the anchor, or everything. */
  chainFor(socketId: number | undefined): { previousResponseId?: string; input: ResponseInputItem[]; covers: number } {
    const covers = this.items.length;
    if (this.anchor && this.anchor.socketId === socketId) {
      return { previousResponseId: this.anchor.responseId, input: this.items.slice(this.anchor.covered), covers };
    }
    return { input: [...this.items], covers };
  }

  isAnchoredOn(socketId: number): boolean {
    return this.anchor?.socketId === socketId && this.anchor.covered === this.items.length;
  }

  setAnchor(responseId: string, socketId: number, covered: number): void {
    this.anchor = { responseId, socketId, covered };
  }

  dropAnchor(): void {
    this.anchor = undefined;
  }

  /**
   * Records a finished turn. Anything the user received is kept — a partial answer too — so the next
   * turn (a steer, a retry) sees it. Only a completed response on a socket becomes the new anchor.
   */
  commitTurn(input: ResponseInputItem[], result: TurnResult, socketId?: number): void {
    this.items.push(...input);
    if (result.text) this.items.push({ role: 'assistant', content: result.text });
    for (const call of result.toolCalls) {
      this.items.push(
        call.kind === 'custom'
          ? { type: 'custom_tool_call', call_id: call.callId, name: call.name, input: call.input }
          : { type: 'function_call', call_id: call.callId, name: call.name, arguments: call.input },
      );
    }
    this.pending = [...result.toolCalls];
    if (result.status === 'completed' && result.responseId && socketId !== undefined) {
      this.setAnchor(result.responseId, socketId, this.items.length);
    } else {
      this.anchor = undefined;
    }
  }

  clear(): void {
    this.items.length = 0;
    this.pending = [];
    this.anchor = undefined;
  }

  /**
   * Continues a saved conversation: its items become the history, with no anchor (the next request
   * resends them in full), and its tool calls without an output are pending again.
   */
  restore(items: readonly ResponseInputItem[]): void {
    this.clear();
    this.items.push(...items);
    this.pending = unansweredCalls(items);
  }
}

/** The tool calls in a history that have no output yet (only the last turn's can be). */
export function unansweredCalls(items: readonly ResponseInputItem[]): ToolCall[] {
  const answered = new Set(items.flatMap((i) => ('call_id' in i && i.type?.endsWith('_output') ? [i.call_id] : [])));
  const calls: ToolCall[] = [];
  for (const item of items) {
    if (item.type === 'custom_tool_call' && !answered.has(item.call_id)) calls.push({ kind: 'custom', callId: item.call_id, name: item.name, input: item.input });
    if (item.type === 'function_call' && !answered.has(item.call_id)) calls.push({ kind: 'function', callId: item.call_id, name: item.name, input: item.arguments });
  }
  return calls;
}

/** The history with an output after each unanswered call that `outputs` has one for. */
export function withOutputs(items: readonly ResponseInputItem[], outputs: Readonly<Record<string, string>>): ResponseInputItem[] {
  const answers: ResponseInputItem[] = unansweredCalls(items).flatMap((call) => {
    const output = outputs[call.callId];
    if (output === undefined) return [];
    return [call.kind === 'custom' ? { type: 'custom_tool_call_output', call_id: call.callId, output } : { type: 'function_call_output', call_id: call.callId, output }];
  });
  return [...items, ...answers];
}
