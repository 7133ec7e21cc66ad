// Line framing shared by the streaming parsers: chunks of any size in, whole lines out, so a
// parser's events depend only on the sequence of lines and never on how the text was split.
import { MAX_PATCH_CHARS, type FileEdit, type PatchEvent, type PatchParser } from './types';

export abstract class LineParser implements PatchParser {
  private partial = '';
  private total = 0;
  private lineNumber = 0;
  private failed = false;
  private ended = false;
  private out: PatchEvent[] = [];

  push(chunk: string): PatchEvent[] {
    if (this.failed || this.ended) return [];
    this.total += chunk.length;
    if (this.total > MAX_PATCH_CHARS) {
      this.fail(`patch is too large: more than ${MAX_PATCH_CHARS / (1024 * 1024)} MiB`);
      return this.flush();
    }
    let text = this.partial + chunk;
    let nl = text.indexOf('\n');
    while (nl !== -1 && !this.failed) {
      this.feed(text.slice(0, nl));
      text = text.slice(nl + 1);
      nl = text.indexOf('\n');
    }
    this.partial = this.failed ? '' : text;
    return this.flush();
  }

  end(): PatchEvent[] {
    if (this.failed || this.ended) return [];
    this.ended = true;
    if (this.partial !== '') this.feed(this.partial);
    this.partial = '';
    if (!this.failed) this.finish();
    return this.flush();
  }

  cut(): PatchEvent[] {
    if (this.failed || this.ended) return [];
    this.ended = true;
    const partial = this.partial;
    this.partial = '';
    // An unterminated last line is half a line, unless it is a closing marker as it stands.
    if (partial !== '' && this.closes(partial.trim())) this.feed(partial);
    if (!this.failed) this.cutOff();
    return this.flush();
  }

  /** Handles one complete line (terminator and a trailing '\r' removed). */
  protected abstract line(text: string): void;
  /** Called once at the end of input, after the last line. */
  protected abstract finish(): void;
  /** Called once when the input is cut off: reports the open part, if any, with a `cutOff` event. */
  protected abstract cutOff(): void;
  /** Whether a line is complete even without its terminator (a closing marker). */
  protected abstract closes(trimmed: string): boolean;

  protected emit(event: PatchEvent): void {
    this.out.push(event);
  }

  protected fail(message: string): void {
    this.failed = true;
    this.out.push({ type: 'error', message, line: this.lineNumber });
  }

  protected get currentLine(): number {
    return this.lineNumber;
  }

  private feed(raw: string): void {
    this.lineNumber++;
    this.line(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
  }

  private flush(): PatchEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }
}

export type ParseResult =
  | { readonly ok: true; readonly files: readonly FileEdit[] }
  | { readonly ok: false; readonly error: string; readonly line: number };

/** Feeds a whole text to a parser and returns its file edits or its first error. */
export function parseWhole(parser: PatchParser, text: string): ParseResult {
  const events = [...parser.push(text), ...parser.end()];
  const error = events.find((e) => e.type === 'error');
  if (error?.type === 'error') return { ok: false, error: error.message, line: error.line };
  const end = events.find((e) => e.type === 'end');
  if (end?.type === 'end') return { ok: true, files: end.files };
  return { ok: false, error: 'the patch is incomplete', line: 0 };
}
