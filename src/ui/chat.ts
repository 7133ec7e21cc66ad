import type { AnyBackend, BackendError, EditFormat, ToolOutput, Turn, TurnEvent, TurnResult } from '../backend';
import { ERROR_ACTION_LABELS, ERROR_ACTIONS } from '../backend/errors';
import { formatTurnLog } from '../backend/log';
import type { NoticeAction, TurnStatsView, TurnView } from '../protocol';
import { INSTRUCTIONS } from './instructions';
import type { Transcript } from './transcript';
import { statsView } from './turnStats';

/** Where streamed edits go (the workspace's proposals); the chat knows nothing about files. */
export interface PatchSink {
  begin(turnId: string, callId: string, format: EditFormat): void;
  delta(turnId: string, callId: string, text: string): void;
  end(turnId: string, callId: string): void;
  /** The turn ended (for any reason): calls still open are closed as cut off; their complete parts stand. */
  endTurn(turnId: string): void;
  /** What became of the last turn's edits, for the next request (the API requires an output per call). */
  takeToolOutputs(): ToolOutput[];
}

export interface ChatOptions {
  transcript: Transcript;
  /** Builds (or returns) the backend; undefined when none is configured. */
  backend: () => Promise<AnyBackend | undefined>;
  patches?: PatchSink;
  log: (line: string) => void;
  onUnconfigured: () => void;
  /** Each finished turn's figures (the status bar shows the last TTFT). */
  onTurnStats?: (stats: TurnStatsView) => void;
  /** Gives a prompt back to the prompt box (its turn failed before any output). */
  restorePrompt?: (text: string) => void;
}

export interface Prompt {
  text: string;
  origin: TurnView['origin'];
  /** Context sent with the prompt (files, selection, diagnostics), already filtered by the exclude list. */
  context?: string;
  model?: string;
  /** performance.now() when the host received the prompt from the webview (the connection log's hops). */
  receivedAt?: number;
}

/**
 * One conversation thread in the composer: sends prompts, streams the answer into the transcript,
 * routes patch input to the proposals, and turns a send during a streaming answer into a steer.
 */
export class Chat {
  private current: { turn: Turn; view: TurnView } | undefined;
  private lastPrompt: Prompt | undefined;
  /** Set after construction when the sink needs the transcript the chat writes to. */
  patches: PatchSink | undefined;

  constructor(private readonly options: ChatOptions) {
    this.patches = options.patches;
  }

  get last(): Prompt | undefined {
    return this.lastPrompt;
  }

  async send(prompt: Prompt): Promise<void> {
    const backend = await this.options.backend();
    if (!backend) {
      this.options.onUnconfigured();
      return;
    }
    this.lastPrompt = prompt;
    const { transcript } = this.options;
    const view = transcript.startTurn({ id: newTurnId(), prompt: prompt.text, origin: prompt.origin, model: prompt.model ?? backend.models.fast });
    const input = prompt.context ? `${prompt.context}\n\n${prompt.text}` : prompt.text;
    const request = { input, instructions: INSTRUCTIONS, model: prompt.model ?? 'fast', toolOutputs: this.patches?.takeToolOutputs() ?? [] };
    // Steer: the running answer stops (kept in the thread) and the new instruction continues from it.
    const turn = this.current ? backend.steer(this.current.turn, input, request) : backend.send(request);
    this.current = { turn, view };
    const state: TurnState = { view, textEdits: undefined, prompt };
    try {
      for await (const event of turn) this.apply(state, event);
    } finally {
      if (this.current?.turn === turn) this.current = undefined;
    }
  }

  stop(): void {
    this.current?.turn.interrupt();
  }

  private apply(state: TurnState, event: TurnEvent): void {
    const { transcript } = this.options;
    const { patches } = this;
    const { view } = state;
    switch (event.type) {
      case 'started':
        view.model = event.model;
        // Servers without apply_patch get SEARCH/REPLACE blocks in the answer text itself.
        if (event.editFormat === 'search_replace' && patches) {
          state.textEdits = `${view.id}:text`;
          patches.begin(view.id, state.textEdits, 'search_replace');
        }
        return;
      case 'notice':
        transcript.notice(view.id, event.message);
        return;
      case 'text.delta':
        transcript.appendText(view.id, event.delta);
        state.firstPostedAt ??= performance.now();
        if (state.textEdits) patches?.delta(view.id, state.textEdits, event.delta);
        return;
      case 'reasoning.delta':
        return; // not shown: the answer is what the user reads
      case 'patch.delta':
        patches?.delta(view.id, event.callId, event.delta);
        return;
      case 'tool-call':
        patches?.end(view.id, event.call.callId);
        return;
      default: {
        // Blocks in a completed answer end with it; anything still open otherwise was cut off.
        if (state.textEdits && event.type === 'completed') patches?.end(view.id, state.textEdits);
        patches?.endTurn(view.id);
        this.options.log(formatTurnLog(view.id, event.result));
        const error = event.type === 'failed' ? errorView(event.error) : undefined;
        const status = event.type === 'completed' ? 'completed' : event.type;
        if (event.type === 'interrupted') transcript.notice(view.id, event.message);
        if (event.type === 'incomplete') transcript.notice(view.id, `The answer is incomplete: ${event.reason}.`);
        const stats = statsView(event.result);
        transcript.endTurn(view.id, status, stats, error);
        // Nothing came back and nothing was recorded: the prompt goes back into the box, unlost.
        const empty = !event.result.text && event.result.toolCalls.length === 0;
        if (event.type === 'failed' && empty && state.prompt.origin === 'composer') this.options.restorePrompt?.(state.prompt.text);
        this.options.log(hopsLine(view.id, state, event.result, performance.now()));
        this.options.onTurnStats?.(stats);
      }
    }
  }
}

interface TurnState {
  readonly view: TurnView;
  readonly prompt: Prompt;
  /** The pseudo tool-call id under which SEARCH/REPLACE blocks in the text are parsed, if any. */
  textEdits: string | undefined;
  /** When the first answer text went to the webview. */
  firstPostedAt?: number;
}

/**
 * The turn's path through the host as wall-clock times (epoch ms), for the benchmark to line up
 * with the webview's marks and the server's clock: prompt received from the webview, request
 * written to the socket, first token in, first text posted to the webview, last token in, end posted.
 */
function hopsLine(turnId: string, state: TurnState, result: TurnResult, endPostedAt: number): string {
  const t = result.stats.timings;
  const at = (ms: number | undefined) => (ms === undefined ? '-' : (performance.timeOrigin + ms).toFixed(1));
  return `${turnId} hops: received=${at(state.prompt.receivedAt)} request=${at(t.requestSentAt)} first-token=${at(t.firstTokenAt)} first-posted=${at(state.firstPostedAt)} last-token=${at(t.lastTokenAt)} end-posted=${at(endPostedAt)}`;
}

let turnSeq = 0;
function newTurnId(): string {
  return `t${Date.now().toString(36)}-${++turnSeq}`;
}

/** The buttons under a failed turn: the backend's actions for the error kind (the probe reports the same). */
function errorView(error: BackendError): TurnView['error'] {
  const actions: NoticeAction[] = (ERROR_ACTIONS[error.kind] ?? []).map((command) => ({ label: ERROR_ACTION_LABELS[command], command }));
  return actions.length ? { message: error.message, actions } : { message: error.message };
}
