// Finds a change's old lines in a text, in layers of decreasing strictness (like Codex's
// seek_sequence): exact, then ignoring trailing whitespace, then ignoring surrounding whitespace,
// then with unicode punctuation normalised. Never guesses: a failure names the closest region and
// how it differs, and several equally good matches without a hint to choose between them fail too.
import { diffLines, type DiffRun } from './lines';
import { detectUnit, reindentFor, type IndentUnit } from './reindent';
import type { Change } from './types';

export type MatchKind = 'exact' | 'trailingWhitespace' | 'whitespace' | 'punctuation';
const LAYERS: readonly MatchKind[] = ['exact', 'trailingWhitespace', 'whitespace', 'punctuation'];

/** A change placed in the text: lines [start, start + oldLines.length) become newLines. */
export interface LocatedChange {
  readonly start: number;
  /** The text's own lines (which may differ from the patch's in whitespace or punctuation). */
  readonly oldLines: readonly string[];
  /**
   * The patch's new lines: its unchanged (context) lines are the text's own, its added lines are
   * re-indented to the text's indentation when the match ignored leading whitespace.
   */
  readonly newLines: readonly string[];
  /** oldLines → newLines as the patch says it (which line is removed, which kept), smallest changes. */
  readonly runs: readonly DiffRun[];
  readonly match: MatchKind;
  /** Set when added lines were re-indented: how, in words. */
  readonly reindented?: string;
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
  private readonly positions = new Map<MatchKind, Map<string, number[]>>();
  private indentUnit: IndentUnit | undefined | null = null;
  constructor(readonly lines: readonly string[]) {}

  /** The text's indentation unit (detected on first use), undefined if it has no indented lines. */
  get unit(): IndentUnit | undefined {
    if (this.indentUnit === null) this.indentUnit = detectUnit(this.lines.join('\n'));
    return this.indentUnit;
  }

  /** Line → its positions (ascending) at a layer, built on first use. */
  private lineIndex(kind: MatchKind): Map<string, number[]> {
    let index = this.positions.get(kind);
    if (index === undefined) {
      index = new Map();
      this.layer(kind).forEach((line, i) => {
        const at = index!.get(line);
        if (at) at.push(i);
        else index!.set(line, [i]);
      });
      this.positions.set(kind, index);
    }
    return index;
  }

  layer(kind: MatchKind): readonly string[] {
    let normalised = this.layers.get(kind);
    if (normalised === undefined) {
      normalised = kind === 'exact' ? this.lines : this.lines.map((l) => normalise(l, kind));
      this.layers.set(kind, normalised);
    }
    return normalised;
  }

  /**
   * Starts of all matches of `pattern` at this layer within [from, to]. Candidates come from where
   * the pattern's rarest line occurs (an index built once per layer), not from a scan of the text:
   * a chunk that is not there costs the same in a 30-line file as in a 30,000-line one.
   */
  matches(pattern: readonly string[], kind: MatchKind, from: number, to = this.lines.length, limit = Infinity): number[] {
    const lines = this.layer(kind);
    const wanted = pattern.map((l) => normalise(l, kind));
    const found: number[] = [];
    const first = Math.max(0, from);
    const last = Math.min(to, lines.length - wanted.length);
    if (wanted.length === 0) {
      for (let i = first; i <= last && found.length < limit; i++) found.push(i);
      return found;
    }
    const where = this.lineIndex(kind);
    let anchor = 0;
    for (let j = 1; j < wanted.length; j++) if ((where.get(wanted[j]!)?.length ?? 0) < (where.get(wanted[anchor]!)?.length ?? 0)) anchor = j;
    const at = where.get(wanted[anchor]!) ?? [];
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! - anchor < first) lo = mid + 1;
      else hi = mid;
    }
    outer: for (let k = lo; k < at.length; k++) {
      const i = at[k]! - anchor;
      if (i > last) break;
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

  let ops = opsOf(change);
  if (change.oldLines.length === 0) {
    const start = afterContext !== undefined && !change.atEndOfFile ? afterContext + 1 : index.lines.length;
    return { ok: true, change: { start, oldLines: [], newLines: change.newLines, runs: runsOf([], [...change.newLines]), match: 'exact' } };
  }

  let oldLines = change.oldLines;
  let found = seek(index, oldLines, from, hinted, options.inOrder, change.atEndOfFile);
  // A trailing blank old line is often an artefact of how the model ended the chunk.
  const lastOld = ops.findLastIndex((op) => op.sign !== '+');
  if (found.kind === 'none' && oldLines[oldLines.length - 1] === '' && oldLines.length > 1) {
    ops = ops.filter((_, i) => i !== lastOld);
    oldLines = oldLines.slice(0, -1);
    found = seek(index, oldLines, from, hinted, options.inOrder, change.atEndOfFile);
  }
  switch (found.kind) {
    case 'found': {
      const actual = index.lines.slice(found.start, found.start + oldLines.length);
      const placed = place(ops, actual, found.match, index);
      if (!placed.ok) return { ok: false, failure: { message: placed.reason, nearest: { start: found.start, count: oldLines.length } } };
      return { ok: true, change: { start: found.start, oldLines: actual, ...placed.lines, match: found.match } };
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

// ---- placing a found chunk ---------------------------------------------------------------

interface Op {
  readonly sign: ' ' | '-' | '+';
  readonly text: string;
}

/** The chunk's lines as the patch marks them, or as a minimal diff of its sides when it does not. */
function opsOf(change: Change): Op[] {
  const { signs, oldLines, newLines } = change;
  const ops: Op[] = [];
  if (signs !== undefined && signs.length === oldLines.length + newLines.length - countSame(signs)) {
    let o = 0;
    let n = 0;
    for (const sign of signs) {
      if (sign === '+') ops.push({ sign, text: newLines[n++]! });
      else {
        ops.push({ sign: sign === '-' ? '-' : ' ', text: oldLines[o++]! });
        if (sign !== '-') n++;
      }
    }
    return ops;
  }
  for (const run of diffLines(oldLines, newLines)) {
    const sign = run.kind === 'same' ? ' ' : run.kind === 'removed' ? '-' : '+';
    for (const text of run.lines) ops.push({ sign, text });
  }
  return ops;
}

function countSame(signs: string): number {
  let n = 0;
  for (const c of signs) if (c === ' ') n++;
  return n;
}

type Placed = { ok: true; lines: { newLines: string[]; runs: DiffRun[]; reindented?: string } } | { ok: false; reason: string };

/**
 * The text's lines for what the patch keeps and removes, and its added lines — re-indented when the
 * match ignored leading whitespace — in the smallest runs that say which line goes where.
 */
function place(ops: readonly Op[], actual: readonly string[], match: MatchKind, index: LineIndex): Placed {
  const tolerant = match === 'whitespace' || match === 'punctuation';
  const modelOld = ops.filter((op) => op.sign !== '+').map((op) => op.text);
  const reindent = tolerant
    ? reindentFor(modelOld, actual, ops.filter((op) => op.sign === '+').map((op) => op.text), index.unit)
    : { ok: true as const, map: (line: string): string | undefined => line, shift: undefined };
  if (!reindent.ok) return reindent;

  const newLines: string[] = [];
  const runs: DiffRun[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  let same: string[] = [];
  const flushChange = () => {
    if (removed.length + added.length === 0) return;
    // Inside a changed region the patch says nothing about which line pairs with which: a minimal
    // diff keeps the lines the re-indented new side leaves as they are.
    for (const run of runsOf(removed, added)) runs.push(run);
    removed = [];
    added = [];
  };
  const flushSame = () => {
    if (same.length > 0) runs.push({ kind: 'same', lines: same });
    same = [];
  };
  let o = 0;
  for (const op of ops) {
    if (op.sign === '+') {
      const line = reindent.map(op.text);
      if (line === undefined) return { ok: false, reason: `cannot re-indent the new line ${JSON.stringify(op.text)}: it would sit left of column 0 (${reindent.shift ?? ''})` };
      flushSame();
      added.push(line);
      newLines.push(line);
      continue;
    }
    const own = actual[o++]!;
    if (op.sign === '-') {
      flushSame();
      removed.push(own);
    } else {
      flushChange();
      same.push(own);
      newLines.push(own);
    }
  }
  flushChange();
  flushSame();
  const moved = reindent.shift !== undefined && runs.some((r) => r.kind === 'added');
  return { ok: true, lines: { newLines, runs: mergeRuns(runs), ...(moved && { reindented: reindent.shift }) } };
}

/** The runs from `removed` to `added`: identical lines among them kept, the rest replaced. */
function runsOf(removed: string[], added: string[]): DiffRun[] {
  if (removed.length === 0 || added.length === 0) {
    return [...(removed.length > 0 ? [{ kind: 'removed' as const, lines: removed }] : []), ...(added.length > 0 ? [{ kind: 'added' as const, lines: added }] : [])];
  }
  return diffLines(removed, added);
}

function mergeRuns(runs: readonly DiffRun[]): DiffRun[] {
  const out: DiffRun[] = [];
  for (const run of runs) {
    const last = out[out.length - 1];
    if (last?.kind === run.kind) out[out.length - 1] = { kind: run.kind, lines: last.lines.concat(run.lines) };
    else out.push(run);
  }
  return out;
}

// ---- failure reports -------------------------------------------------------------------------

/** Similarity of two lines in [0, 1], both already normalised at the punctuation layer: shared prefix + suffix. */
function similarity(x: string, y: string): number {
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
/**
 * The nearest region is looked for within this many lines of where the chunk was expected (the
 * whole file when it is smaller): a search of the whole file for every failing chunk made a patch
 * of many failing chunks quadratic in the file's length.
 */
const NEAREST_WINDOW = 500;

function nearestRegion(index: LineIndex, pattern: readonly string[], from: number): { start: number; score: number; compared: number } | undefined {
  const lines = index.layer('punctuation');
  if (lines.length === 0) return undefined;
  const wanted = pattern.map((l) => normalise(l, 'punctuation'));
  const compared = Math.max(1, Math.min(pattern.length, lines.length, Math.floor(NEAREST_BUDGET / lines.length)));
  const first = Math.max(0, Math.min(from, lines.length) - NEAREST_WINDOW);
  const last = Math.min(lines.length - compared, from + NEAREST_WINDOW);
  let best: { start: number; score: number; compared: number } | undefined;
  for (let i = first; i <= last; i++) {
    let score = 0;
    for (let j = 0; j < compared; j++) score += similarity(lines[i + j]!, wanted[j]!);
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
