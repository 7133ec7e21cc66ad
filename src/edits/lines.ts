// The line model shared by locate and hunks: a text is its lines (without terminators), the line
// terminator it mostly uses, and whether it ends with one. Untouched lines are never re-joined, so
// their bytes (mixed terminators included) survive; only replaced lines get the dominant one.

import { diffArrays } from 'diff';

export type Eol = '\n' | '\r\n';

/** Lines without terminators; '' has no lines, 'a\n' has one. A trailing '\r' before '\n' is dropped. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
  }
  return lines;
}

/** '\r\n' when most line breaks are CRLF, else '\n' (also for texts without any line break). */
export function detectEol(text: string): Eol {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** An empty text counts as ending with a newline, so lines added to it get terminators. */
function hasFinalNewline(text: string): boolean {
  return text === '' || text.endsWith('\n');
}

/** The content of a file created from lines: '\n'-terminated, like apply_patch's Add File. */
export function newFileText(lines: readonly string[]): string {
  return lines.map((l) => l + '\n').join('');
}

/** A zero-based line/character position, as VS Code reports it. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** A replacement of text[startOffset, endOffset) by newText, with the same range as positions. */
export interface TextEdit {
  readonly startOffset: number;
  readonly endOffset: number;
  readonly start: Position;
  readonly end: Position;
  readonly newText: string;
}

/**
 * Replaces lines [start, start + count) of `text` by `newLines`, keeping every other byte. Lines keep
 * the text's final-newline state: replacing the last lines of a text without a final newline leaves
 * it without one. Scans the text only up to the edited lines.
 */
export function replaceLines(text: string, start: number, count: number, newLines: readonly string[], eol: Eol): TextEdit {
  // Find the offsets of the starts of lines start and start + count (text.length past the last line).
  let offset = 0;
  let line = 0;
  let prevBreak = -1; // offset of the '\n' ending line start - 1, if any
  while (line < start && offset < text.length) {
    const nl = text.indexOf('\n', offset);
    if (nl === -1) {
      offset = text.length; // past an unterminated last line
      line++;
      break;
    }
    prevBreak = nl;
    offset = nl + 1;
    line++;
  }
  if (line < start) throw new RangeError(`line ${start} is past the end of the text (${line} lines)`);
  const startOffset = offset;
  while (line < start + count && offset < text.length) {
    const nl = text.indexOf('\n', offset);
    offset = nl === -1 ? text.length : nl + 1;
    line++;
  }
  if (line < start + count) throw new RangeError(`lines ${start}..${start + count} are past the end of the text`);
  const endOffset = offset;
  if (count === 0 && newLines.length === 0) return edit(text, startOffset, startOffset, '');
  eol = eolAround(text, startOffset, endOffset) ?? eol;
  const atTextEnd = endOffset === text.length;
  const terminated = hasFinalNewline(text) || !atTextEnd;

  if (terminated) {
    const newText = newLines.map((l) => l + eol).join('');
    return edit(text, startOffset, endOffset, newText);
  }
  // The edited range reaches the end of a text without a final newline.
  if (newLines.length > 0) {
    // Appending after an unterminated last line must first terminate it.
    const lead = count === 0 && startOffset === text.length && startOffset > 0 ? eol : '';
    return edit(text, startOffset, endOffset, lead + newLines.join(eol));
  }
  // Deleting the last lines: also drop the break before them, so the text still ends unterminated.
  if (prevBreak === -1) return edit(text, startOffset, endOffset, '');
  const breakStart = prevBreak > 0 && text.charCodeAt(prevBreak - 1) === 13 ? prevBreak - 1 : prevBreak;
  return edit(text, breakStart, endOffset, '');
}

/**
 * The line ending new lines get in a text that mixes them: that of the last line they replace, else
 * of the line before, else of the line after; undefined if none of those has one.
 */
function eolAround(text: string, startOffset: number, endOffset: number): Eol | undefined {
  const endingAt = (nl: number): Eol => (nl > 0 && text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n');
  if (endOffset > startOffset && text.charCodeAt(endOffset - 1) === 10) return endingAt(endOffset - 1);
  const prev = startOffset > 0 ? text.lastIndexOf('\n', startOffset - 1) : -1;
  if (prev !== -1) return endingAt(prev);
  const next = text.indexOf('\n', endOffset);
  return next === -1 ? undefined : endingAt(next);
}

function edit(text: string, startOffset: number, endOffset: number, newText: string): TextEdit {
  return { startOffset, endOffset, start: positionAt(text, startOffset), end: positionAt(text, endOffset), newText };
}

/** The position of an offset that is at a line start, a line end or the text end. */
function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, character: offset - lineStart };
}

/** Lines [start, start + count) of a text, or undefined if the text is shorter. Scans only that far. */
export function linesAt(text: string, start: number, count: number): string[] | undefined {
  const out: string[] = [];
  let offset = 0;
  for (let line = 0; line < start + count; line++) {
    if (offset >= text.length) return undefined;
    const nl = text.indexOf('\n', offset);
    const end = nl === -1 ? text.length : nl;
    if (line >= start) {
      const content = text.slice(offset, end);
      out.push(content.endsWith('\r') ? content.slice(0, -1) : content);
    }
    offset = end + 1;
  }
  return out;
}

export function applyTextEdit(text: string, e: TextEdit): string {
  return text.slice(0, e.startOffset) + e.newText + text.slice(e.endOffset);
}

/** A run of a line diff: lines kept, removed or added. */
export interface DiffRun {
  readonly kind: 'same' | 'removed' | 'added';
  readonly lines: readonly string[];
}

/** Beyond this many differing lines a diff is not worth its quadratic cost: one replacement is shown. */
const MAX_DIFF_EDITS = 2000;

/** Minimal line diff, bounded: very different inputs give common prefix, one replacement, common suffix. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffRun[] {
  const full = diffArrays(a as string[], b as string[], { maxEditLength: MAX_DIFF_EDITS });
  if (full !== undefined) {
    return full.map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', lines: c.value }));
  }
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const runs: DiffRun[] = [
    { kind: 'same', lines: a.slice(0, prefix) },
    { kind: 'removed', lines: a.slice(prefix, a.length - suffix) },
    { kind: 'added', lines: b.slice(prefix, b.length - suffix) },
    { kind: 'same', lines: a.slice(a.length - suffix) },
  ];
  return runs.filter((r) => r.lines.length > 0);
}
