// One parser for either edit format, decided by the text itself: an apply_patch tool call whose
// input is SEARCH/REPLACE blocks (models given a plain function tool often answer that way) is read
// as what it is. A first non-blank line starting with '***' means apply_patch; a SEARCH marker
// before that means SEARCH/REPLACE; lines are held back only until one of the two is seen (the path
// line of a block comes before its marker). Anything else is read as apply_patch, for its errors.
import type { PatchFormat } from './applyPatch';
import { ApplyPatchParser } from './patch';
import { SearchReplaceParser } from './searchReplace';
import type { PatchEvent, PatchParser } from './types';

const SEARCH = /^<{5,9}\s*SEARCH$/i;

export class AutoParser implements PatchParser {
  private parser: PatchParser | undefined;
  private held = '';
  private scanned = 0; // how much of `held` has been looked at, in whole lines
  private chosen: PatchFormat | undefined;

  /** The format, once the text showed it. */
  get format(): PatchFormat | undefined {
    return this.chosen;
  }

  push(chunk: string): PatchEvent[] {
    if (this.parser !== undefined) return this.parser.push(chunk);
    this.held += chunk;
    for (let nl = this.held.indexOf('\n', this.scanned); nl !== -1; nl = this.held.indexOf('\n', this.scanned)) {
      const decided = this.decide(this.held.slice(this.scanned, nl).trim());
      this.scanned = nl + 1;
      if (decided !== undefined) return this.choose(decided).push(this.takeHeld());
    }
    return [];
  }

  end(): PatchEvent[] {
    const [parser, events] = this.settle();
    return [...events, ...parser.end()];
  }

  cut(): PatchEvent[] {
    // Cut before the text showed its format: nothing of it is a file yet.
    if (this.parser === undefined && this.decide(this.held.slice(this.scanned).trim()) === undefined) {
      this.held = '';
      return [{ type: 'cutOff', part: 'the edit, before its first file' }];
    }
    const [parser, events] = this.settle();
    return [...events, ...parser.cut()];
  }

  /** At the end of the input: the format the last line shows, else apply_patch. */
  private settle(): [PatchParser, PatchEvent[]] {
    if (this.parser !== undefined) return [this.parser, []];
    const parser = this.choose(this.decide(this.held.slice(this.scanned).trim()) ?? 'apply_patch');
    return [parser, parser.push(this.takeHeld())];
  }

  private decide(trimmed: string): PatchFormat | undefined {
    if (trimmed.startsWith('***')) return 'apply_patch';
    if (SEARCH.test(trimmed)) return 'search_replace';
    return undefined;
  }

  private choose(format: PatchFormat): PatchParser {
    this.chosen = format;
    this.parser = format === 'apply_patch' ? new ApplyPatchParser() : new SearchReplaceParser();
    return this.parser;
  }

  private takeHeld(): string {
    const text = this.held;
    this.held = '';
    return text;
  }
}
