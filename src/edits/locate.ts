// Finds a change's old lines in a text, in layers of decreasing strictness (like Codex's
// seek_sequence): exact, then ignoring trailing whitespace, then ignoring surrounding whitespace,
// then with unicode punctuation normalised. Never guesses: a failure names the closest region and
// how it differs, and several equally good matches without a hint to choose between them fail too.
import { diffLines } from './lines';
import type { Change } from './types';

export type MatchKind = 'exact' | 'trailingWhitespace' | 'whitespace' | 'punctuation';
const LAYERS: readonly MatchKind[] = ['exact', 'trailingWhitespace', 'whitespace', 'punctuation'];

/** A change placed in the text: lines [start, start + oldLines.length) become newLines. */
export interface LocatedChange {
  readonly start: number;
  /** The text's own lines (which may differ from the patch's in whitespace or punctuation). */
  readonly oldLines: readonly string[];
  /** The patch's new lines, with its unchanged (context) lines replaced by the text's own. */
  readonly newLines: readonly string[];
  readonly match: MatchKind;
}

export interface LocateFailure {
  readonly message: string;
  /** The closest region found, if any resembles the expected lines (0-based start). */
  readonly nearest?: { readonly start: number; readonly count: number };
}

export type LocateResult = { readonly ok: true; readonly change: LocatedChange } | { readonly ok: false; readonly failure: LocateFailure };

export interface LocateOptions {
  /** Search from this line on (the end of the previous chunk). */
  readonly from: number;
  /** apply_patch chunks come in file order, so matches before `from` are errors; SEARCH/REPLACE blocks may not. */
  readonly inOrder: boolean;
  /** Whether `from` reflects a previous chunk, which resolves between several matches. */
  readonly hinted: boolean;
}

const PUNCTUATION: Record<string, string> = {
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"',
  '\u00A0': ' ', '\u2002': ' ', '\u2003': ' ', '\u2004': ' ', '\u2005': ' ', '\u2006': ' ', '\u2007': ' ',
  '\u2008': ' ', '\u2009': ' ', '\u200A': ' ', '\u202F': ' ', '\u205F': ' ', '\u3000': ' ',
  '\u2026': '...',
};
const PUNCTUATION_RE = new RegExp(`[${Object.keys(PUNCTUATION).join('')}]`, 'g');

function normalise(line: string, layer: MatchKind): string {
  switch (layer) {
    case 'exact':
      return line;
    case 'trailingWhitespace':
      return line.trimEnd();
    case 'whitespace':
      return line.trim();
    case 'punctuation':
      return line.replace(PUNCTUATION_RE, (c) => PUNCTUATION[c]!).trim();
  }
}

/** A text's lines with their normalised forms computed once, on first use. */
export class LineIndex {
  private readonly layers = new Map<MatchKind, readonly string[]>();
  constructor(readonly lines: readonly string[]) {}

  layer(kind: MatchKind): readonly string[] {
    let normalised = this.layers.get(kind);
    if (normalised === undefined) {
      normalised = kind === 'exact' ? this.lines : this.lines.map((l) => normalise(l, kind));
      this.layers.set(kind, normalised);
    }
    return normalised;
  }

  /** Starts of all matches of `pattern` at this layer within [from, to]. */
  matches(pattern: readonly string[], kind: MatchKind, from: number, to = this.lines.length, limit = Infinity): number[] {
    const lines = this.layer(kind);
    const wanted = pattern.map((l) => normalise(l, kind));
    const found: number[] = [];
    const last = Math.min(to, lines.length - wanted.length);
    outer: for (let i = Math.max(0, from); i <= last; i++) {
      for (let j = 0; j < wanted.length; j++) if (lines[i + j] !== wanted[j]) continue outer;
      found.push(i);
      if (found.length >= limit) break;
    }
    return found;
  }
}

/** Locates each change in turn, each searching from the end of the previous one. */
export function locateChanges(index: LineIndex, changes: readonly Change[], inOrder: boolean): LocateResult[] {
  let from = 0;
  let hinted = false;
  return changes.map((change) => {
    const result = locateChange(index, change, { from, inOrder, hinted });
    if (result.ok) {
      from = result.change.start + result.change.oldLines.length;
      hinted = true;
    }
    return result;
  });
}

export function locateChange(index: LineIndex, change: Change, options: LocateOptions): LocateResult {
  let from = options.from;
  let hinted = options.hinted;
  let afterContext: number | undefined;
  for (const context of change.context) {
    const found = findFirst(index, [context], afterContext === undefined ? from : afterContext + 1);
    if (found === undefined) return { ok: false, failure: contextFailure(index, context, from) };
    afterContext = found.start;
    hinted = true;
  }
  // Old lines may begin at the context line itself (models often repeat it as a context line).
  if (afterContext !== undefined) from = afterContext;

  if (change.oldLines.length === 0) {
    const start = afterContext !== undefined && !change.atEndOfFile ? afterContext + 1 : index.lines.length;
    return { ok: true, change: { start, oldLines: [], newLines: change.newLines, match: 'exact' } };
  }

  let oldLines = change.oldLines;
  let newLines = change.newLines;
  let found = seek(index, oldLines, from, hinted, options.inOrder, change.atEndOfFile);
  // Trailing blank lines in a chunk are often an artefact of how the model ended it.
  if (found.kind === 'none' && oldLines[oldLines.length - 1] === '') {
    oldLines = oldLines.slice(0, -1);
    if (newLines[newLines.length - 1] === '') newLines = newLines.slice(0, -1);
    if (oldLines.length > 0) found = seek(index, oldLines, from, hinted, options.inOrder, change.atEndOfFile);
  }
  switch (found.kind) {
    case 'found': {
      const actual = index.lines.slice(found.start, found.start + oldLines.length);
      const resolved = found.match === 'exact' ? newLines : keepOwnContext(oldLines, newLines, actual);
      return { ok: true, change: { start: found.start, oldLines: actual, newLines: resolved, match: found.match } };
    }
    case 'ambiguous':
      return {
        ok: false,
        failure: {
          message: `the lines to change occur ${found.starts.length} times (at lines ${found.starts.map((s) => s + 1).join(', ')}); add an '@@' context line to say which`,
          nearest: { start: found.starts[0]!, count: oldLines.length },
        },
      };
    case 'before':
      return {
        ok: false,
        failure: {
          message: `the lines to change were found at line ${found.start + 1}, but only lines from ${from + 1} on (after the ${change.context.length > 0 ? 'context line' : 'previous chunk'}) qualify; chunks must follow the file's order`,
          nearest: { start: found.start, count: oldLines.length },
        },
      };
    case 'none':
      return { ok: false, failure: linesFailure(index, change.oldLines, from) };
  }
}

type Seek =
  | { kind: 'found'; start: number; match: MatchKind }
  | { kind: 'ambiguous'; starts: number[] }
  | { kind: 'before'; start: number }
  | { kind: 'none' };

function seek(index: LineIndex, pattern: readonly string[], from: number, hinted: boolean, inOrder: boolean, atEnd: boolean): Seek {
  if (atEnd) {
    const endStart = index.lines.length - pattern.length;
    for (const layer of LAYERS) {
      if (endStart >= from && index.matches(pattern, layer, endStart, endStart, 1).length > 0) {
        return { kind: 'found', start: endStart, match: layer };
      }
    }
  }
  for (const layer of LAYERS) {
    if (inOrder) {
      const starts = index.matches(pattern, layer, from, undefined, hinted ? 1 : 2);
      if (starts.length === 1 || (starts.length > 1 && hinted)) return { kind: 'found', start: starts[0]!, match: layer };
      if (starts.length > 1) return { kind: 'ambiguous', starts: index.matches(pattern, layer, from, undefined, 10) };
    } else {
      const starts = index.matches(pattern, layer, 0, undefined, 10);
      if (starts.length === 1) return { kind: 'found', start: starts[0]!, match: layer };
      const after = starts.find((s) => s >= from);
      if (starts.length > 1 && hinted && after !== undefined) return { kind: 'found', start: after, match: layer };
      if (starts.length > 1) return { kind: 'ambiguous', starts };
    }
  }
  if (inOrder && from > 0) {
    for (const layer of LAYERS) {
      const [start] = index.matches(pattern, layer, 0, from - 1, 1);
      if (start !== undefined) return { kind: 'before', start };
    }
  }
  return { kind: 'none' };
}

/** Found by a fuzzy layer: lines the patch leaves unchanged keep the text's own spelling. */
function keepOwnContext(oldLines: readonly string[], newLines: readonly string[], actual: readonly string[]): string[] {
  let out: string[] = [];
  let oldIndex = 0;
  for (const run of diffLines(oldLines, newLines)) {
    if (run.kind === 'added') out = out.concat(run.lines);
    else if (run.kind === 'removed') oldIndex += run.lines.length;
    else {
      out = out.concat(actual.slice(oldIndex, oldIndex + run.lines.length));
      oldIndex += run.lines.length;
    }
  }
  return out;
}

// ---- failure reports -------------------------------------------------------------------------

/** Similarity of two lines in [0, 1], whitespace and punctuation variants aside: shared prefix + suffix. */
function similarity(a: string, b: string): number {
  const x = normalise(a, 'punctuation');
  const y = normalise(b, 'punctuation');
  if (x === y) return 1;
  const max = Math.max(x.length, y.length);
  let prefix = 0;
  while (prefix < x.length && prefix < y.length && x[prefix] === y[prefix]) prefix++;
  let suffix = 0;
  while (suffix < x.length - prefix && suffix < y.length - prefix && x[x.length - 1 - suffix] === y[y.length - 1 - suffix]) suffix++;
  return (prefix + suffix) / max;
}

/** Bounds the work of the nearest-region search on huge texts or patterns. */
const NEAREST_BUDGET = 2_000_000;

function nearestRegion(index: LineIndex, pattern: readonly string[], from: number): { start: number; score: number; compared: number } | undefined {
  const lines = index.lines;
  if (lines.length === 0) return undefined;
  const compared = Math.max(1, Math.min(pattern.length, lines.length, Math.floor(NEAREST_BUDGET / lines.length)));
  let best: { start: number; score: number; compared: number } | undefined;
  for (let i = 0; i + compared <= lines.length; i++) {
    let score = 0;
    for (let j = 0; j < compared; j++) score += similarity(lines[i + j]!, pattern[j]!);
    const better = best === undefined || score > best.score || (score === best.score && Math.abs(i - from) < Math.abs(best.start - from));
    if (better) best = { start: i, score, compared };
  }
  return best !== undefined && best.score / compared >= 0.5 ? best : undefined;
}

const quote = (line: string) => JSON.stringify(line.length > 120 ? line.slice(0, 117) + '...' : line);

function linesFailure(index: LineIndex, pattern: readonly string[], from: number): LocateFailure {
  const head = `could not find the lines to change (${pattern.length} line${pattern.length === 1 ? '' : 's'} starting ${quote(pattern[0]!)})`;
  const best = nearestRegion(index, pattern, from);
  if (best === undefined) return { message: `${head}; nothing similar in the file` };
  const count = Math.min(pattern.length, index.lines.length - best.start);
  let same = 0;
  let firstDiff = -1;
  for (let j = 0; j < count; j++) {
    if (normalise(index.lines[best.start + j]!, 'punctuation') === normalise(pattern[j]!, 'punctuation')) same++;
    else if (firstDiff === -1) firstDiff = j;
  }
  const lines = count === 1 ? `line ${best.start + 1}` : `lines ${best.start + 1}-${best.start + count}`;
  const where = `closest match at ${lines} (${same} of ${pattern.length} line${pattern.length === 1 ? '' : 's'} match)`;
  const how =
    firstDiff === -1
      ? `the file ends after line ${best.start + count}`
      : `line ${best.start + firstDiff + 1} is ${quote(index.lines[best.start + firstDiff]!)}, the patch expects ${quote(pattern[firstDiff]!)}`;
  return { message: `${head}; ${where}: ${how}`, nearest: { start: best.start, count } };
}

function contextFailure(index: LineIndex, context: string, from: number): LocateFailure {
  const earlier = findFirst(index, [context], 0);
  if (earlier !== undefined && earlier.start < from) {
    return {
      message: `the context line ${quote(context)} is at line ${earlier.start + 1}, before the previous chunk (line ${from}); chunks must follow the file's order`,
      nearest: { start: earlier.start, count: 1 },
    };
  }
  const head = `could not find the context line ${quote(context)}`;
  const best = nearestRegion(index, [context], from);
  if (best === undefined) return { message: `${head}; nothing similar in the file` };
  return {
    message: `${head}; closest is line ${best.start + 1}: ${quote(index.lines[best.start]!)}`,
    nearest: { start: best.start, count: 1 },
  };
}

/** Finds the first match of a pattern at or after `from`, trying the layers in order. */
function findFirst(index: LineIndex, pattern: readonly string[], from: number): { start: number; match: MatchKind } | undefined {
  for (const layer of LAYERS) {
    const [start] = index.matches(pattern, layer, from, undefined, 1);
    if (start !== undefined) return { start, match: layer };
  }
  return undefined;
}
