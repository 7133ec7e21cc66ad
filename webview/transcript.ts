// The conversation log: one <article> per turn. Answer deltas are buffered and painted once per
// animation frame; the benchmark reads the performance marks set here.
import type { NoticeAction, TurnOutcome, TurnStatsView, TurnView } from '../src/protocol';
import { AnswerView } from './answerView';
import { element } from './dom';
import { groupDigits } from './numbers';
import { button } from './toolkit';
import { post } from './vscodeApi';

type EndedStatus = TurnOutcome;

interface Turn {
  id: string;
  prompt: string;
  origin: TurnView['origin'];
  el: HTMLElement;
  answerEl: HTMLElement;
  answer: AnswerView;
  notices: HTMLElement;
  files: HTMLElement;
  footer: HTMLElement;
  /** Text received since the last frame; emptied by every flush, so it never accumulates. */
  pending: string;
  firstPainted: boolean;
  /** Set by turnEnded; the next flush finishes the answer and shows the status. */
  ending?: { status: EndedStatus; stats?: TurnStatsView; error?: TurnView['error'] };
  streaming: boolean;
  /** The user sent a new instruction while it streamed: an interruption is a steer, not a stop. */
  steered?: boolean;
}

/** Answer text rendered in the reset's own task (well over a screenful); older answers follow in idle time. */
const RESTORE_AT_ONCE_CHARS = 8_000;

const ORIGIN_TEXT: Record<TurnView['origin'], string> = { composer: '', fix: 'Fix', selection: 'Edit selection', compact: 'Compact history' };

export class Transcript {
  private readonly turns = new Map<string, Turn>();
  private readonly dirty = new Set<Turn>();
  private frame = 0;
  /** The idle callback restoring older answers after a reset. */
  private restoring = 0;
  /** Follow the stream only while the user is at the bottom; scrolling up to read stops it. */
  private stick = true;
  private autoScrollTop = -1;

  constructor(
    private readonly root: HTMLElement,
    /** The composer turn a prompt would steer and Stop would stop (undefined: none streams). */
    private readonly onStreamingChange: (turnId: string | undefined) => void,
    /** A failed turn's Retry: send its prompt again. */
    private readonly onRetry: (prompt: string, compact: boolean) => void = () => {},
  ) {
    root.addEventListener('scroll', () => {
      // Our own scrolling reports late, when more content may have arrived: only the user's counts.
      if (root.scrollTop === this.autoScrollTop) return;
      this.stick = root.scrollTop + root.clientHeight >= root.scrollHeight - 24;
    });
  }

  /** The latest composer turn still streaming; editor turns (fix, selection) are never steered from the prompt box. */
  get streaming(): string | undefined {
    let latest: string | undefined;
    for (const t of this.turns.values()) if (t.streaming && t.origin === 'composer') latest = t.id;
    return latest;
  }

  /**
   * Renders a snapshot from scratch (the view was re-created), without benchmark marks. Each answer
   * is rendered once, from its whole text. The end of the conversation (at least a screenful of
   * answer text) is drawn at once; the rest follows in idle time, newest first, so the end of a long
   * conversation shows in the first frame.
   */
  reset(turns: TurnView[]): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    cancelIdleCallback(this.restoring);
    this.dirty.clear();
    this.turns.clear();
    this.root.replaceChildren();
    const shells = turns.map((view) => ({ view, turn: this.create(view) }));
    const later: Array<() => void> = [];
    let now = RESTORE_AT_ONCE_CHARS;
    for (const { view, turn } of shells.reverse()) {
      if (view.status === 'streaming') this.restore(turn, view);
      else if (now > 0) {
        const rest = this.restore(turn, view, now);
        if (rest) later.push(rest);
        now -= view.text.length;
      } else later.push(() => this.restore(turn, view));
    }
    const next = (): void => {
      const draw = later.shift();
      if (!draw) return;
      draw();
      this.follow();
      this.restoring = requestIdleCallback(next, { timeout: 100 });
    };
    this.restoring = requestIdleCallback(next, { timeout: 100 });
    this.stick = true;
    this.scrollToEnd();
    this.onStreamingChange(this.streaming);
  }

  /** Draws a turn's answer; with `tailChars`, an ended one only from its end, returning what draws the rest. */
  private restore(turn: Turn, view: TurnView, tailChars = Infinity): (() => void) | undefined {
    turn.firstPainted = true;
    if (view.status === 'streaming') {
      turn.answer.write(view.text);
      return undefined;
    }
    const rest = turn.answer.restore(view.text, tailChars);
    this.finish(turn, { status: view.status, stats: view.stats, error: view.error });
    return rest;
  }

  start(view: TurnView): void {
    if (this.turns.has(view.id)) return;
    const turn = this.create(view);
    if (view.text) this.text(view.id, view.text);
    this.stick = true;
    this.schedule(turn);
    this.onStreamingChange(this.streaming);
  }

  text(turnId: string, delta: string): void {
    const turn = this.turns.get(turnId);
    if (!turn || !turn.streaming || delta === '') return;
    // the benchmark splits Enter → first token painted into hops at these marks
    if (!turn.firstPainted && turn.pending === '') performance.mark(`flowpair:first-received:${turnId}`);
    turn.pending += delta;
    this.schedule(turn);
  }

  /** A prompt was sent while answers streamed: those answers end as steered, not stopped. */
  markSteered(): void {
    for (const turn of this.turns.values()) if (turn.streaming) turn.steered = true;
  }

  turnNotice(turnId: string, text: string): void {
    this.turns.get(turnId)?.notices.append(element('div', 'turn-notice', text));
  }

  end(turnId: string, status: EndedStatus, stats?: TurnStatsView, error?: TurnView['error']): void {
    const turn = this.turns.get(turnId);
    if (!turn || !turn.streaming) return;
    performance.mark(`flowpair:end-received:${turnId}`);
    turn.streaming = false;
    turn.ending = { status, stats, error };
    this.schedule(turn);
    this.onStreamingChange(this.streaming);
  }

  /** Where the file cards of a turn go; cards for an unknown turn go to the end of the log. */
  filesOf(turnId: string): HTMLElement {
    return this.turns.get(turnId)?.files ?? this.root;
  }

  /** A notice card outside any turn (e.g. "No backend configured"), with an optional one-click fix. */
  notice(level: 'info' | 'error', text: string, action?: NoticeAction): void {
    const card = element('div', `notice ${level}`);
    card.setAttribute('role', level === 'error' ? 'alert' : 'status');
    card.append(element('p', undefined, text));
    if (action) card.append(actionButton(action));
    this.root.append(card);
    this.stick = true;
    this.follow();
  }

  /** Content was added outside a turn's text (a notice, a file card): keep the tail in view. */
  follow(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.flush());
  }

  private create(view: TurnView): Turn {
    const el = element('article', 'turn');
    el.id = `turn-${view.id}`;
    el.dataset.turnId = view.id;
    el.dataset.status = view.status;
    el.setAttribute('aria-label', `Turn: ${view.prompt.slice(0, 80)}`);

    const user = element('div', 'user');
    if (view.origin !== 'composer') user.append(element('span', `origin origin-${view.origin}`, ORIGIN_TEXT[view.origin]));
    user.append(element('div', 'bubble', view.prompt));

    const notices = element('div', 'turn-notices');
    for (const n of view.notices) notices.append(element('div', 'turn-notice', n));
    const answerEl = element('div', 'answer');
    const files = element('div', 'files');
    const footer = element('div', 'turn-footer');
    el.append(user, notices, answerEl, files, footer);
    el.classList.toggle('streaming', view.status === 'streaming');
    // The prompt box's Stop and Esc belong to the composer's turn; an editor turn (fix, edit selection) has its own.
    if (view.origin !== 'composer' && view.status === 'streaming') footer.append(stopButton(view));
    this.root.append(el);

    const turn: Turn = {
      id: view.id,
      prompt: view.prompt,
      origin: view.origin,
      el,
      answerEl,
      answer: new AnswerView(answerEl),
      notices,
      files,
      footer,
      pending: '',
      firstPainted: false,
      streaming: view.status === 'streaming',
    };
    this.turns.set(view.id, turn);
    return turn;
  }

  private schedule(turn: Turn): void {
    this.dirty.add(turn);
    this.follow();
  }

  private flush(): void {
    this.frame = 0;
    for (const turn of this.dirty) {
      if (turn.pending !== '') {
        turn.answer.write(turn.pending);
        turn.pending = '';
      }
      if (!turn.firstPainted && turn.answer.hasContent) {
        turn.firstPainted = true;
        performance.mark(`flowpair:first-token:${turn.id}`);
      }
      if (turn.ending) {
        this.finish(turn, turn.ending);
        turn.ending = undefined;
        performance.mark(`flowpair:last-paint:${turn.id}`);
      }
    }
    this.dirty.clear();
    if (this.stick) this.scrollToEnd();
  }

  private scrollToEnd(): void {
    this.root.scrollTop = this.root.scrollHeight;
    this.autoScrollTop = this.root.scrollTop;
  }

  private finish(turn: Turn, ended: NonNullable<Turn['ending']>): void {
    turn.footer.querySelector('.turn-stop')?.remove();
    turn.answer.end();
    turn.streaming = false;
    turn.el.classList.remove('streaming');
    turn.el.dataset.status = ended.status;
    const stats = ended.stats ? statsText(ended.stats) : '';
    if (stats) turn.footer.append(element('span', 'turn-stats', stats));
    const status = ended.status === 'interrupted' && turn.steered ? 'Steered — partial answer kept, continued below' : statusText(ended.status, ended.error?.message);
    if (status) {
      const line = element('div', `turn-status status-${ended.status}`);
      line.setAttribute('role', ended.status === 'failed' ? 'alert' : 'status');
      line.append(element('span', 'turn-status-text', status));
      for (const action of ended.error?.actions ?? []) line.append(this.actionButton(action, turn));
      turn.footer.append(line);
    }
  }

  private actionButton(action: NoticeAction, turn: Turn): HTMLElement {
    if (action.command !== 'retry' && action.command !== 'compactAndRetry') return actionButton(action);
    const b = button(action.label, 'primary');
    b.addEventListener('click', () => this.onRetry(turn.prompt, action.command === 'compactAndRetry'));
    return b;
  }
}

function stopButton(view: TurnView): HTMLElement {
  const b = button('Stop', 'secondary', `Stop this ${ORIGIN_TEXT[view.origin].toLowerCase()} turn`);
  b.classList.add('turn-stop');
  b.addEventListener('click', () => post({ type: 'stop', turnId: view.id }));
  return b;
}

function actionButton(action: NoticeAction): HTMLElement {
  const b = button(action.label, 'primary');
  b.addEventListener('click', () => post({ type: 'runAction', command: action.command }));
  return b;
}

/** "gpt-5.3-codex-spark · WS warm · TTFT 74 ms · 1,020 tok/s" */
function statsText(s: TurnStatsView): string {
  const parts = [s.model, s.transport];
  if (s.ttftMs !== undefined) parts.push(`TTFT ${groupDigits(s.ttftMs)} ms`);
  if (s.tokensPerSecond !== undefined) parts.push(`${groupDigits(s.tokensPerSecond)} tok/s`);
  return parts.filter(Boolean).join(' · ');
}

function statusText(status: EndedStatus, message?: string): string {
  switch (status) {
    case 'completed':
      return '';
    case 'interrupted':
      return 'Stopped — partial answer kept';
    case 'incomplete':
      return `Incomplete — ${message ?? 'the answer was cut off'}`;
    case 'failed':
      return message ?? 'The turn failed';
  }
}
