// The prompt box: Enter sends (steers while a turn streams), Shift+Enter is a new line, ↑/↓ in an
// empty or recalled box walk a short history, Escape stops a streaming turn. Typing is reported to
// the host at most once a second so it can warm the connection before Enter. Every prompt gets its
// turn id here, and Stop and steer name the turn they mean, so a late click never hits a newer turn.
import { defined, isDefined, setDisabled, setTextValue, textValue } from './toolkit';
import { post } from './vscodeApi';

const HISTORY_LIMIT = 50;
const TYPING_INTERVAL_MS = 1000;
const IDLE_PLACEHOLDER = 'Ask or describe an edit — Enter sends, Shift+Enter for a new line';
const STEER_PLACEHOLDER = 'Steer the answer — Enter interrupts and continues with this, Esc stops';

export class Prompt {
  private readonly history: string[] = [];
  /** Index into history while recalling; history.length means "not recalling". */
  private cursor = 0;
  private lastTyping = -Infinity;
  /** The composer turn that is streaming, if any. */
  private streaming: string | undefined;

  constructor(
    private readonly box: HTMLElement,
    private readonly sendButton: HTMLElement,
    private readonly stopButton: HTMLElement,
    /** The text changed (typed, recalled, restored or cleared): the meter counts the prompt too. */
    private readonly onText: (text: string) => void = () => {},
    /** Called with each prompt sent, and whether it steers a streaming answer. */
    private readonly onSend: (steers: boolean) => void = () => {},
  ) {
    box.setAttribute('placeholder', IDLE_PLACEHOLDER);
    box.addEventListener('keydown', (e) => this.onKey(e));
    box.addEventListener('input', () => this.onInput());
    sendButton.addEventListener('click', () => this.send());
    stopButton.addEventListener('click', () => this.stop());
    this.setStreaming(undefined);
    this.syncSend();
    // the upgrade's connectedCallback names the box "Text area": name it again
    void defined.then(() => this.setStreaming(this.streaming));
  }

  setStreaming(streaming: string | undefined): void {
    this.stopButton.hidden = streaming === undefined;
    this.box.setAttribute('placeholder', streaming ? STEER_PLACEHOLDER : IDLE_PLACEHOLDER);
    // Set after the toolkit connected the element: its connectedCallback overwrites aria-label with "Text area".
    this.box.setAttribute('aria-label', streaming ? 'Prompt, steers the answer being written' : 'Prompt');
    this.sendButton.setAttribute('aria-label', streaming ? 'Send and steer the current answer' : 'Send prompt');
    this.streaming = streaming;
  }

  focus(): void {
    if (isDefined(this.box)) this.box.focus();
    // Once defined, and only if the focus is still the composer's to give: the user may have moved on
    // (e.g. to the command palette) while the toolkit loaded. A composer that gets the focus only after
    // the toolkit (a slow first start) gives it to the prompt then.
    else {
      const give = () => (document.activeElement === document.body || document.activeElement === null) && this.box.focus();
      void defined.then(() => (document.hasFocus() ? give() : window.addEventListener('focus', give, { once: true })));
    }
  }

  /** Puts a prompt back (e.g. one the host could not send), unless the user already typed another. */
  restore(text: string): void {
    if (textValue(this.box).trim() === '') this.setValue(text);
    this.box.focus();
  }

  /** Retry a failed turn: send what the box holds (its prompt was put back there), else that prompt; `compact` first compacts the history. */
  retry(prompt: string, compact = false): void {
    if (textValue(this.box).trim() === '') this.setValue(prompt);
    if (!compact) {
      this.send();
      return;
    }
    post({ type: 'compact', retry: textValue(this.box) });
    this.setValue('');
  }

  private send(): void {
    const text = textValue(this.box);
    if (text.trim() === '') return;
    post({ type: 'send', turnId: crypto.randomUUID(), text, ...(this.streaming !== undefined && { steer: this.streaming }) });
    this.onSend(this.streaming !== undefined);
    if (this.history.at(-1) !== text) this.history.push(text);
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
    this.cursor = this.history.length;
    this.setValue('');
  }

  private stop(): void {
    if (this.streaming !== undefined) post({ type: 'stop', turnId: this.streaming });
  }

  private setValue(text: string): void {
    setTextValue(this.box, text);
    this.syncSend();
    this.onText(text);
  }

  private syncSend(): void {
    setDisabled(this.sendButton, textValue(this.box).trim() === '');
  }

  private onInput(): void {
    this.syncSend();
    this.onText(textValue(this.box));
    const now = performance.now();
    if (now - this.lastTyping >= TYPING_INTERVAL_MS) {
      this.lastTyping = now;
      post({ type: 'typing' });
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (e.isComposing) return;
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      this.send();
    } else if (e.key === 'Escape' && this.streaming !== undefined) {
      e.preventDefault();
      this.stop();
    } else if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !e.shiftKey && this.canWalkHistory()) {
      const next = this.cursor + (e.key === 'ArrowUp' ? -1 : 1);
      if (next < 0 || next > this.history.length) return;
      e.preventDefault();
      this.cursor = next;
      this.setValue(this.history[next] ?? '');
    }
  }

  /** Only an empty box, or one still showing an unedited recalled prompt, walks the history. */
  private canWalkHistory(): boolean {
    const value = textValue(this.box);
    return value === '' || value === this.history[this.cursor];
  }
}
