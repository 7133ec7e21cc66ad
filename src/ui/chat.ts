import type { AnyBackend, BackendError, SendRequest, Turn, TurnEvent, TurnResult } from '../backend';
import { ERROR_ACTION_LABELS, ERROR_ACTIONS } from '../backend/errors';
import { formatTurnLog } from '../backend/log';
import type { NoticeAction, TurnStatsView, TurnView } from '../protocol';
import type { PatchSink } from '../workspace/patchSink';
import type { Prompt } from '../workspace/prompt';
import { INSTRUCTIONS } from './instructions';
import type { Transcript } from './transcript';
import { statsView } from './turnStats';

export interface ChatOptions {
  transcript: Transcript;
  /** Builds (or returns) the backend; undefined when none is configured. */
  backend: () => Promise<AnyBackend | undefined>;
  patches?: PatchSink;
  log: (line: string) => void;
  onUnconfigured: () => void;
  /** Each finished turn's figures (the status bar shows the last TTFT). */
  onTurnStats?: (stats: TurnStatsView, turn: TurnView) => void;
  /** Gives a prompt back to the prompt box (its turn failed before any output). */
  restorePrompt?: (text: string) => void;
}

/**
 * One conversation thread in the composer: sends prompts, streams the answer into the transcript,
 * routes patch input to the proposals, and steers a streaming answer when a prompt names it.
 * A turn keeps one id from the prompt box to the socket; stop and steer act only on the turn they name.
 */
export class Chat {
  /** Turns not ended yet (queued or streaming), by id. */
  private readonly live = new Map<string, Turn>();
  /** Each running send, until its last event is in the transcript. */
  private readonly running = new Set<Promise<void>>();
  private lastPrompt: Prompt | undefined;
  /** Set after construction when the sink needs the transcript the chat writes to. */
  patches: PatchSink | undefined;

  constructor(private readonly options: ChatOptions) {
    this.patches = options.patches;
  }

  get last(): Prompt | undefined {
    return this.lastPrompt;
  }

  /**
   * Runs `prompt` as a turn. With `steer` naming a live turn, that turn stops (its answer is kept in
   * the thread) and this one continues from it; a turn that already ended is left alone. A prompt
   * whose id is already in the transcript (a repeated message) is ignored.
   */
  async send(prompt: Prompt, steer?: string): Promise<void> {
    const id = prompt.id ?? newTurnId();
    const { transcript } = this.options;
    if (transcript.turn(id)) return;
    const backend = await this.options.backend();
    if (!backend) {
      this.options.onUnconfigured();
      return;
    }
    if (prompt.origin !== 'compact') this.lastPrompt = prompt; // escalating re-runs the user's prompt, not a summary
    const view = transcript.startTurn({ id, prompt: prompt.text, origin: prompt.origin, model: prompt.model ?? backend.models.fast });
    const input = prompt.context ? `${prompt.context}\n\n${prompt.text}` : prompt.text;
    const { patches } = this;
    const request: SendRequest = {
      turnId: id,
      input,
      instructions: INSTRUCTIONS,
      model: prompt.model ?? 'fast',
      // what the model is told of its edits: this conversation's only (the transcript shows it)
      ...(patches && { takeOutcomes: (awaiting: readonly string[]) => patches.takeOutcomes(awaiting, new Set(transcript.turns.map((t) => t.id))) }),
    };
    const steered = steer === undefined ? undefined : this.live.get(steer);
    const turn = steered ? backend.steer(steered, input, request) : backend.send(request);
    this.live.set(id, turn);
    const state: TurnState = { view, textEdits: undefined, prompt };
    const run = (async () => {
      try {
        for await (const event of turn) this.apply(state, event);
      } finally {
        this.live.delete(id);
      }
    })();
    this.running.add(run);
    try {
      await run;
    } finally {
      this.running.delete(run);
    }
  }

  /** Stops every turn and resolves once each has ended in the transcript (before a conversation switch). */
  async stopAll(): Promise<void> {
    for (const turn of this.live.values()) turn.interrupt();
    await Promise.allSettled([...this.running]);
  }

  /** Stops the turn `turnId` names; nothing happens when it already ended. */
  stop(turnId: string): void {
    this.live.get(turnId)?.interrupt();
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
        transcript.appendText(view.id, event.itemId, event.delta);
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
        this.options.onTurnStats?.(stats, view);
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
