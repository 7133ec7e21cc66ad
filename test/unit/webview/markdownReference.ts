// The markdown renderer before it was made linear, kept as the oracle for equivalence tests: same
// input, same blocks and inline nodes. Not used by the extension.
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

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const LIST = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
/** A partial line inside code that could still become the closing fence: hold it back. */
const MAYBE_FENCE = /^ {0,3}(?:[`~]|$)/;

function classify(line: string): LineKind {
  if (line.trim() === '') return { type: 'blank' };
  let m = FENCE.exec(line);
  if (m) return { type: 'fence', char: m[1]![0]!, size: m[1]!.length, lang: m[2] ?? '' };
  m = HEADING.exec(line);
  if (m) return { type: 'heading', level: m[1]!.length, text: m[2] ?? '' };
  if (RULE.test(line)) return { type: 'rule' };
  m = LIST.exec(line);
  if (m) {
    const indent = m[1]!.replace(/\t/g, '    ').length;
    const marker = /\d/.test(m[2]!) ? m[2]!.replace(')', '.') : '•';
    return { type: 'listItem', marker, depth: Math.min(Math.floor(indent / 2), 6), text: m[3]! };
  }
  m = QUOTE.exec(line);
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
      const close = findTicks(s, i + run, run);
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
        const close = canOpen(s, i, marker) ? findClose(s, i + marker.length, marker) : -1;
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
      const link = matchLink(s, i);
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

function findTicks(s: string, from: number, run: number): number {
  const ticks = '`'.repeat(run);
  for (let j = s.indexOf(ticks, from); j !== -1; j = s.indexOf(ticks, j + 1)) {
    if (s[j + run] === '`') {
      while (s[j] === '`') j++; // a longer run is not a closer: skip past it
      continue;
    }
    return j;
  }
  return -1;
}

function trimCode(code: string): string {
  return code.length > 2 && code.startsWith(' ') && code.endsWith(' ') ? code.slice(1, -1) : code;
}

function canOpen(s: string, i: number, marker: string): boolean {
  const next = s[i + marker.length];
  if (next === undefined || /\s/.test(next)) return false;
  // snake_case words are not emphasis
  return marker[0] !== '_' || i === 0 || !WORD.test(s[i - 1]!);
}

function findClose(s: string, from: number, marker: string): number {
  for (let j = s.indexOf(marker, from); j !== -1; j = s.indexOf(marker, j + 1)) {
    if (j === from) continue; // empty span
    if (/\s/.test(s[j - 1]!)) continue;
    if (marker.length === 1 && (s[j + 1] === marker || s[j - 1] === marker)) {
      j++; // part of a double marker (e.g. **bold** inside *em*)
      continue;
    }
    if (marker[0] === '_' && j + marker.length < s.length && WORD.test(s[j + marker.length]!)) continue;
    return j;
  }
  return -1;
}

function matchLink(s: string, i: number): { label: string; href: string; end: number } | undefined {
  const close = s.indexOf('](', i + 1);
  if (close === -1) return undefined;
  const label = s.slice(i + 1, close);
  if (label.includes('\n') || label.includes('[')) return undefined;
  const end = s.indexOf(')', close + 2);
  if (end === -1) return undefined;
  const href = s.slice(close + 2, end).trim();
  if (href === '' || /\s/.test(href)) return undefined;
  return { label, href, end: end + 1 };
}
