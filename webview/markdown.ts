// Incremental markdown for a streamed answer. Pure (no DOM) so it runs in plain Node tests.
// Block decisions are made on complete lines only, so any chunking of the same text yields the same
// completed blocks; the still-incomplete tail is exposed separately through `peek()`.

export type Block =
  | { id: number; type: 'paragraph'; text: string }
  | { id: number; type: 'heading'; level: number; text: string }
  /** `text` is every code line followed by '\n'; while open it only ever grows (append-only). */
  | { id: number; type: 'code'; lang: string; text: string }
  /** `marker` is "•" or the source number ("3."); `depth` counts indentation levels. */
  | { id: number; type: 'listItem'; marker: string; depth: number; text: string }
  | { id: number; type: 'quote'; text: string }
  | { id: number; type: 'rule' };

type LineKind =
  | { type: 'blank' }
  | { type: 'fence'; char: string; size: number; lang: string }
  | { type: 'heading'; level: number; text: string }
  | { type: 'rule' }
  | { type: 'listItem'; marker: string; depth: number; text: string }
  | { type: 'quote'; text: string }
  | { type: 'text'; text: string };

// Line classification by hand, not by regular expression: the obvious patterns for fences, headings
// and list items backtrack quadratically on a long line (a 40k-character heading padded with
// whitespace took seconds). Each function below does what its pattern in the comment says, in one
// pass. `\s` is JavaScript's whitespace (the set String.prototype.trim removes).
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
/** A partial line inside code that could still become the closing fence: hold it back. */
const MAYBE_FENCE = /^ {0,3}(?:[`~]|$)/;
/** What `.` does not match: a line (split on '\n') can still hold these. */
const LINE_TERMINATOR = /[\r\u2028\u2029]/;

function isSpace(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code > 127 && /\s/.test(c);
}

/** Leading spaces (at most 3 count as indentation): the index of the first other character, or -1 if there are 4. */
function afterIndent(line: string): number {
  let i = 0;
  while (i < 3 && line[i] === ' ') i++;
  return line[i] === ' ' ? -1 : i;
}

/** ^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)[^`]*$ */
function fenceOf(line: string): { char: string; size: number; lang: string } | undefined {
  const i = afterIndent(line);
  const char = line[i];
  if (i === -1 || (char !== '`' && char !== '~')) return undefined;
  let j = i;
  while (line[j] === char) j++;
  if (j - i < 3 || line.includes('`', j)) return undefined;
  let a = j;
  while (isSpace(line[a])) a++;
  let b = a;
  while (b < line.length && !isSpace(line[b])) b++;
  return { char, size: j - i, lang: line.slice(a, b) };
}

/** ^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$ — the text without a closing run of #s. */
function headingOf(line: string): { level: number; text: string } | undefined {
  const i = afterIndent(line);
  if (i === -1 || line[i] !== '#') return undefined;
  let j = i;
  while (line[j] === '#') j++;
  if (j - i > 6 || (j < line.length && !isSpace(line[j]))) return undefined;
  let a = j;
  while (isSpace(line[a])) a++;
  let end = line.length;
  while (end > a && isSpace(line[end - 1])) end--;
  if (a === end) return { level: j - i, text: '' };
  let hashes = end;
  while (hashes > a && line[hashes - 1] === '#') hashes--;
  if (hashes < end && hashes > a && isSpace(line[hashes - 1])) {
    end = hashes;
    while (isSpace(line[end - 1])) end--;
  }
  const text = line.slice(a, end);
  return LINE_TERMINATOR.test(text) ? undefined : { level: j - i, text };
}

/** ^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$ */
function listItemOf(line: string): { indent: string; marker: string; text: string } | undefined {
  let i = 0;
  while (isSpace(line[i])) i++;
  let j = i;
  if (line[j] === '-' || line[j] === '*' || line[j] === '+') j++;
  else {
    while (j < line.length && line.charCodeAt(j) >= 48 && line.charCodeAt(j) <= 57) j++;
    if (j === i || j - i > 9 || (line[j] !== '.' && line[j] !== ')')) return undefined;
    j++;
  }
  if (!isSpace(line[j])) return undefined;
  let k = j;
  while (isSpace(line[k])) k++;
  const text = line.slice(k);
  return LINE_TERMINATOR.test(text) ? undefined : { indent: line.slice(0, i), marker: line.slice(i, j), text };
}

function classify(line: string): LineKind {
  if (line.trim() === '') return { type: 'blank' };
  const fence = fenceOf(line);
  if (fence) return { type: 'fence', ...fence };
  const heading = headingOf(line);
  if (heading) return { type: 'heading', ...heading };
  if (RULE.test(line)) return { type: 'rule' };
  const item = listItemOf(line);
  if (item) {
    const indent = item.indent.replace(/\t/g, '    ').length;
    const marker = /\d/.test(item.marker) ? item.marker.replace(')', '.') : '•';
    return { type: 'listItem', marker, depth: Math.min(Math.floor(indent / 2), 6), text: item.text };
  }
  const m = QUOTE.exec(line);
  if (m) return { type: 'quote', text: m[1]! };
  return { type: 'text', text: line.trim() };
}

/** The block kinds that accumulate lines until something ends them. */
type Open =
  | { type: 'paragraph' | 'quote'; id: number; lines: string[] }
  | { type: 'listItem'; id: number; marker: string; depth: number; lines: string[] }
  | { type: 'code'; id: number; lang: string; char: string; size: number; text: string };

export class BlockParser {
  private partial = '';
  private open: Open | undefined;
  private nextId = 0;

  /** Feeds more text; returns the blocks completed by it (each block is returned exactly once). */
  push(chunk: string): Block[] {
    const done: Block[] = [];
    const from = this.partial.length;
    this.partial += chunk;
    // Only the new chunk can hold newlines: the previous partial had none.
    let nl = this.partial.indexOf('\n', from);
    let start = 0;
    while (nl !== -1) {
      this.line(this.partial.slice(start, nl).replace(/\r$/, ''), done);
      start = nl + 1;
      nl = this.partial.indexOf('\n', start);
    }
    if (start > 0) this.partial = this.partial.slice(start);
    return done;
  }

  /** The stream ended: the partial line counts as a complete line and every open block completes. */
  finish(): Block[] {
    const done: Block[] = [];
    if (this.partial !== '') this.line(this.partial, done);
    this.partial = '';
    this.close(done);
    return done;
  }

  /**
   * The still-open tail as blocks (at most two: the open block, and a block the partial line starts).
   * Not final: the caller re-renders these until they come back from push()/finish().
   */
  peek(): Block[] {
    const open = this.open;
    const partial = this.partial;
    if (open?.type === 'code') {
      const tail = MAYBE_FENCE.test(partial) ? '' : partial;
      return [{ id: open.id, type: 'code', lang: open.lang, text: open.text + tail }];
    }
    const kind = classify(partial);
    const continuation =
      kind.type === 'text' || (kind.type === 'quote' && open?.type === 'quote') ? kind.text : kind.type === 'blank' ? '' : undefined;
    const continues = open !== undefined && continuation !== undefined;
    const out: Block[] = [];
    if (open) out.push(snapshot(open, continuation || undefined));
    if (!continues && kind.type !== 'blank' && kind.type !== 'fence') {
      const id = this.nextId;
      const tentative = blockOf(kind, id);
      if (tentative) out.push(tentative);
    }
    return out;
  }

  private line(line: string, done: Block[]): void {
    const open = this.open;
    if (open?.type === 'code') {
      const kind = classify(line);
      if (kind.type === 'fence' && kind.char === open.char && kind.size >= open.size && kind.lang === '') this.close(done);
      else open.text += line + '\n';
      return;
    }
    const kind = classify(line);
    switch (kind.type) {
      case 'blank':
        this.close(done);
        return;
      case 'text':
        if (open) open.lines.push(kind.text);
        else this.open = { type: 'paragraph', id: this.nextId++, lines: [kind.text] };
        return;
      case 'quote':
        if (open?.type === 'quote') open.lines.push(kind.text);
        else {
          this.close(done);
          this.open = { type: 'quote', id: this.nextId++, lines: [kind.text] };
        }
        return;
      case 'listItem':
        this.close(done);
        this.open = { type: 'listItem', id: this.nextId++, marker: kind.marker, depth: kind.depth, lines: [kind.text] };
        return;
      case 'fence':
        this.close(done);
        this.open = { type: 'code', id: this.nextId++, lang: kind.lang, char: kind.char, size: kind.size, text: '' };
        return;
      case 'heading':
      case 'rule':
        this.close(done);
        done.push(blockOf(kind, this.nextId++)!);
        return;
    }
  }

  private close(done: Block[]): void {
    if (this.open) done.push(snapshot(this.open));
    this.open = undefined;
  }
}

function snapshot(open: Open, extraLine?: string): Block {
  if (open.type === 'code') return { id: open.id, type: 'code', lang: open.lang, text: open.text };
  const text = extraLine === undefined ? open.lines.join('\n') : [...open.lines, extraLine].join('\n');
  if (open.type === 'listItem') return { id: open.id, type: 'listItem', marker: open.marker, depth: open.depth, text };
  return { id: open.id, type: open.type, text };
}

function blockOf(kind: LineKind, id: number): Block | undefined {
  switch (kind.type) {
    case 'heading':
      return { id, type: 'heading', level: kind.level, text: kind.text };
    case 'rule':
      return { id, type: 'rule' };
    case 'listItem':
      return { id, type: 'listItem', marker: kind.marker, depth: kind.depth, text: kind.text };
    case 'quote':
      return { id, type: 'quote', text: kind.text };
    case 'text':
      return { id, type: 'paragraph', text: kind.text };
    default:
      return undefined;
  }
}

// ── Inline marks ────────────────────────────────────────────────────────────────────────────────
// Text stays text: there is no HTML node type, so `<b>` in the answer can only ever be characters.

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong' | 'em' | 'del'; children: Inline[] }
  /** Rendered as text with the target in its title; the webview never navigates. */
  | { type: 'link'; href: string; children: Inline[] };

const MAX_NESTING = 4;
const ESCAPABLE = /[\\`*_{}[\]()#+\-.!|~<>]/;
const WORD = /[\p{L}\p{N}]/u;

export function parseInline(s: string, depth = 0): Inline[] {
  const find = new Finder(s);
  const out: Inline[] = [];
  let text = '';
  let i = 0;
  const flush = () => {
    if (text !== '') out.push({ type: 'text', text });
    text = '';
  };
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length && ESCAPABLE.test(s[i + 1]!)) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      let run = 1;
      while (s[i + run] === '`') run++;
      const close = find.ticks(i + run, run);
      if (close !== -1) {
        flush();
        out.push({ type: 'code', text: trimCode(s.slice(i + run, close)) });
        i = close + run;
      } else {
        text += s.slice(i, i + run);
        i += run;
      }
      continue;
    }
    if ((c === '*' || c === '_' || c === '~') && depth < MAX_NESTING) {
      const double = s[i + 1] === c;
      const marker = double ? c + c : c;
      if (c !== '~' || double) {
        const close = canOpen(s, i, marker) ? find.closer(marker, i + marker.length) : -1;
        if (close !== -1) {
          flush();
          const type = c === '~' ? 'del' : double ? 'strong' : 'em';
          out.push({ type, children: parseInline(s.slice(i + marker.length, close), depth + 1) });
          i = close + marker.length;
          continue;
        }
      }
      text += marker;
      i += marker.length;
      continue;
    }
    if (c === '[' && depth < MAX_NESTING) {
      const link = find.link(i);
      if (link) {
        flush();
        out.push({ type: 'link', href: link.href, children: parseInline(link.label, depth + 1) });
        i = link.end;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return out;
}

function trimCode(code: string): string {
  return code.length > 2 && code.startsWith(' ') && code.endsWith(' ') ? code.slice(1, -1) : code;
}

function canOpen(s: string, i: number, marker: string): boolean {
  const next = s[i + marker.length];
  if (next === undefined || isSpace(next)) return false;
  // snake_case words are not emphasis
  return marker[0] !== '_' || i === 0 || !WORD.test(s[i - 1]!);
}

/**
 * Where closers are, for one string: each kind of position is collected once, on first use, and
 * looked up by binary search. Searching forward from every opener instead is quadratic on text with
 * many openers and no closers (60 KB of `*a ` took seconds per frame).
 */
class Finder {
  private readonly positions = new Map<string, number[]>();
  private ticksByRun: Map<number, number[]> | undefined;
  private next: { space: Int32Array; nonSpace: Int32Array } | undefined;

  constructor(private readonly s: string) {}

  /** The first run of exactly `run` backticks starting at or after `from`, or -1. */
  ticks(from: number, run: number): number {
    if (this.ticksByRun === undefined) {
      const byRun = new Map<number, number[]>();
      const s = this.s;
      for (let j = s.indexOf('`'); j !== -1; ) {
        let end = j;
        while (s[end] === '`') end++;
        const starts = byRun.get(end - j);
        if (starts) starts.push(j);
        else byRun.set(end - j, [j]);
        j = s.indexOf('`', end);
      }
      this.ticksByRun = byRun;
    }
    return firstAtOrAfter(this.ticksByRun.get(run) ?? [], from);
  }

  /** The first closing `marker` after `from`: not after whitespace, not part of a longer run, no word after `_`. */
  closer(marker: string, from: number): number {
    return firstAtOrAfter(
      this.collect(`close:${marker}`, () => {
        const s = this.s;
        const at: number[] = [];
        for (let j = s.indexOf(marker, 1); j !== -1; j = s.indexOf(marker, j + 1)) {
          if (isSpace(s[j - 1])) continue;
          if (marker.length === 1 && (s[j + 1] === marker || s[j - 1] === marker)) continue;
          if (marker[0] === '_' && j + marker.length < s.length && WORD.test(s[j + marker.length]!)) continue;
          at.push(j);
        }
        return at;
      }),
      from + 1,
    );
  }

  /** `[label](href)` at i: the label on one line without '[', the href non-empty and without whitespace. */
  link(i: number): { label: string; href: string; end: number } | undefined {
    const close = this.first('](', i + 1);
    if (close === -1) return undefined;
    const bracket = this.first('[', i + 1);
    const newline = this.first('\n', i + 1);
    if ((bracket !== -1 && bracket < close) || (newline !== -1 && newline < close)) return undefined;
    const end = this.first(')', close + 2);
    if (end === -1) return undefined;
    // the href is s[close + 2, end) trimmed: it must be one run of non-space characters
    const { space, nonSpace } = this.spaces();
    const a = nonSpace[close + 2]!;
    if (a >= end) return undefined;
    const b = Math.min(space[a]!, end);
    if (b < end && nonSpace[b]! < end) return undefined;
    return { label: this.s.slice(i + 1, close), href: this.s.slice(a, b), end: end + 1 };
  }

  /** The first occurrence of `needle` at or after `from`, or -1. */
  private first(needle: string, from: number): number {
    return firstAtOrAfter(
      this.collect(needle, () => {
        const at: number[] = [];
        for (let j = this.s.indexOf(needle); j !== -1; j = this.s.indexOf(needle, j + 1)) at.push(j);
        return at;
      }),
      from,
    );
  }

  private collect(key: string, find: () => number[]): number[] {
    let at = this.positions.get(key);
    if (at === undefined) this.positions.set(key, (at = find()));
    return at;
  }

  /** For each index, the first whitespace and the first other character at or after it (s.length if none). */
  private spaces(): { space: Int32Array; nonSpace: Int32Array } {
    if (this.next === undefined) {
      const s = this.s;
      const space = new Int32Array(s.length + 1).fill(s.length);
      const nonSpace = new Int32Array(s.length + 1).fill(s.length);
      for (let k = s.length - 1; k >= 0; k--) {
        const ws = isSpace(s[k]);
        space[k] = ws ? k : space[k + 1]!;
        nonSpace[k] = ws ? nonSpace[k + 1]! : k;
      }
      this.next = { space, nonSpace };
    }
    return this.next;
  }
}

/** Binary search in ascending positions: the first at or after `from`, or -1. */
function firstAtOrAfter(at: readonly number[], from: number): number {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < at.length ? at[lo]! : -1;
}
