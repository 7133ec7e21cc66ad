// What a screen reader hears. The transcript itself is not a live region (a streamed answer would
// be re-read every frame); instead this one visually hidden log gets short additions: the answer a
// sentence at a time (and its rest when it ends), one summary of the proposed changes, and each
// decision with its file, line and "n of m". Additions to a log are announced once each, in order.
import { element } from './dom';

/** How many spoken lines stay in the DOM; older ones have been announced and are dropped. */
const KEEP = 20;

/** A sentence ends at . ! ? or … before whitespace, or at a blank line (a paragraph break). */
const SENTENCE_END = /[.!?…](?=\s)|\n\s*\n/g;

export class Announcer {
  private readonly log: HTMLElement;
  /** Answer text received but not yet spoken: at most one unfinished sentence, and this frame's text. */
  private unsaid = '';
  private frame = 0;

  constructor(parent: HTMLElement) {
    this.log = element('div', 'sr-only');
    this.log.id = 'announcer';
    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-live', 'polite');
    this.log.setAttribute('aria-relevant', 'additions');
    parent.append(this.log);
  }

  say(text: string): void {
    const line = text.trim();
    if (line === '') return;
    this.log.append(element('p', undefined, line));
    while (this.log.childElementCount > KEEP) this.log.firstElementChild!.remove();
  }

  /** Streamed answer text: speaks every sentence completed so far, once per frame (with the transcript's paint). */
  answerText(delta: string): void {
    this.unsaid += delta;
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.speakSentences());
  }

  /** The answer ended: speaks what is left of it. */
  answerEnd(): void {
    this.speakSentences();
    this.say(plain(this.unsaid));
    this.unsaid = '';
  }

  private speakSentences(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    let end = -1;
    for (const m of this.unsaid.matchAll(SENTENCE_END)) end = m.index + m[0].length;
    if (end < 0) return;
    this.say(plain(this.unsaid.slice(0, end)));
    this.unsaid = this.unsaid.slice(end);
  }
}

/** Markdown punctuation is noise when spoken: `code`, **bold**, # headings, > quotes, list bullets. */
function plain(markdown: string): string {
  return markdown
    .replace(/^\s*(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/`{3,}[^\n]*/g, '')
    .replace(/[`*_]+/g, '')
    .replace(/\s+/g, ' ');
}
