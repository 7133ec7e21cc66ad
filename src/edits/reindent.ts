// Re-indentation for chunks found on a layer that ignores leading whitespace. The model's old side
// (its SEARCH block, or its context and removed lines) and the file's matching lines give pairs of
// indentations; one mapping must explain every pair, and the same mapping then turns the model's new
// lines into what it would have written had it seen the file's exact indentation: shifted by the
// same columns or levels, in the file's own style (tabs or its space unit), inner nesting kept.
// Like Aider, Roo Code and Zed's edit agent, a shift; unlike a per-line guess, never mixed indentation:
// if no single mapping explains the old side, the chunk is refused with a reason.
import detectIndent from 'detect-indent';

/** How a text indents one level: a tab, or this many spaces. */
export type IndentUnit = { readonly tab: true } | { readonly tab: false; readonly spaces: number };

const DEFAULT_UNIT: IndentUnit = { tab: false, spaces: 4 };

/** The indentation unit a text mostly uses, or undefined if its lines are not indented. */
export function detectUnit(text: string): IndentUnit | undefined {
  const found = detectIndent(text);
  if (found.type === 'tab') return { tab: true };
  if (found.type === 'space' && found.amount > 0) return { tab: false, spaces: found.amount };
  return undefined;
}

/** Maps one new line of the model's to the file's indentation; undefined if it cannot be placed (left of column 0). */
export type LineMap = (line: string) => string | undefined;

export type Reindent =
  | { readonly ok: true; readonly map: LineMap; /** in words, for the hunk's hint; undefined when nothing moves */ readonly shift?: string }
  | { readonly ok: false; readonly reason: string };

const IDENTITY: Reindent = { ok: true, map: (line) => line };

/** The greatest step all space-indented lines share, if at least 2. */
function stepOf(lines: readonly string[]): number | undefined {
  let step = 0;
  for (const line of lines) {
    const indent = leading(line);
    if (line.trim() === '' || indent.includes('\t')) continue;
    for (let a = step, b = indent.length; ; ) {
      if (b === 0) {
        step = a;
        break;
      }
      [a, b] = [b, a % b];
    }
  }
  return step >= 2 ? step : undefined;
}

/** The lines without the indentation they all share, so that a chunk's own nesting tells its unit. */
function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== '').map(leading);
  if (indents.length === 0) return [...lines];
  let common = indents[0]!;
  for (const indent of indents) while (!indent.startsWith(common)) common = common.slice(0, -1);
  return lines.map((l) => (l.startsWith(common) ? l.slice(common.length) : l.trimStart()));
}

function leading(line: string): string {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return line.slice(0, i);
}

/** Visual columns of an indentation, a tab counting `tabWidth` columns (to the next stop). */
function columns(indent: string, tabWidth: number): number {
  let col = 0;
  for (const c of indent) col = c === '\t' ? (Math.floor(col / tabWidth) + 1) * tabWidth : col + 1;
  return col;
}

function render(cols: number, unit: IndentUnit, tabWidth: number): string {
  if (!unit.tab) return ' '.repeat(cols);
  return '\t'.repeat(Math.floor(cols / tabWidth)) + ' '.repeat(cols % tabWidth);
}

/**
 * The mapping from the model's indentation to the file's, learnt from the old side.
 * `modelOld[i]` was matched to `fileOld[i]` ignoring surrounding whitespace; `modelNew` are the
 * model's new lines (they help tell its indent unit); `fileUnit` is the file's (undefined if the
 * file has no indented lines: then the model's style is kept).
 */
export function reindentFor(
  modelOld: readonly string[],
  fileOld: readonly string[],
  modelNew: readonly string[],
  fileUnit: IndentUnit | undefined,
): Reindent {
  const pairs: Array<[string, string, number]> = [];
  for (let i = 0; i < modelOld.length; i++) {
    if (modelOld[i]!.trim() === '') continue; // blank lines carry no indentation worth matching
    pairs.push([leading(modelOld[i]!), leading(fileOld[i]!), i]);
  }
  if (pairs.every(([m, f]) => m === f)) return IDENTITY;

  const chunk = dedent([...modelOld, ...modelNew]);
  const modelUnit = detectUnit(chunk.join('\n'));
  const unit = fileUnit ?? modelUnit ?? DEFAULT_UNIT;
  // A few lines tell their unit best by the step they all share (4 and 2 → 2); detection by the
  // most frequent step is the fallback (alignment lines make the shared step 1).
  const shared = stepOf(chunk);
  const modelSpaces = shared !== undefined ? shared : modelUnit !== undefined && !modelUnit.tab ? modelUnit.spaces : undefined;
  // The old side's two most distant indentations tell the ratio of the units better than the
  // chunk's own nesting can (a chunk may jump two levels at once).
  const lo = pairs.reduce((a, p) => (p[0].length < a[0].length ? p : a), pairs[0]!);
  const hi = pairs.reduce((a, p) => (p[0].length > a[0].length ? p : a), pairs[0]!);

  // Candidates: [columns a tab counts, scale from model columns to file columns], the likeliest first.
  const candidates: Array<[number, number]> = [];
  if (unit.tab) {
    // One column scale for both sides: a tab is one level of the model's spaces.
    const tabsApart = columns(hi[1], 1) - columns(lo[1], 1);
    const implied = tabsApart > 0 ? (columns(hi[0], 1) - columns(lo[0], 1)) / tabsApart : undefined;
    for (const width of [implied, modelSpaces, 4]) if (width !== undefined && Number.isInteger(width) && width > 0) candidates.push([width, 1]);
  } else {
    const width = unit.spaces;
    const modelApart = columns(hi[0], width) - columns(lo[0], width);
    if (modelApart > 0) candidates.push([width, (columns(hi[1], width) - columns(lo[1], width)) / modelApart]);
    if (modelSpaces !== undefined && modelSpaces !== width) candidates.push([width, width / modelSpaces]);
    candidates.push([width, 1]);
  }
  for (const [tabWidth, scale] of candidates) {
    if (!(scale > 0)) continue;
    const m = pairs.map(([indent]) => columns(indent, tabWidth));
    const f = pairs.map(([, indent]) => columns(indent, tabWidth));
    const shift = f[0]! - m[0]! * scale;
    if (!m.every((cols, i) => cols * scale + shift === f[i])) continue;
    return mapping(scale, shift, unit, tabWidth);
  }
  const tabWidth = candidates[0]?.[0] ?? 4;
  return { ok: false, reason: inconsistency(modelOld, pairs, pairs.map(([i]) => columns(i, tabWidth)), pairs.map(([, i]) => columns(i, tabWidth))) };
}

function mapping(scale: number, shift: number, unit: IndentUnit, spaceUnit: number): Reindent {
  const map: LineMap = (line) => {
    const indent = leading(line);
    const body = line.slice(indent.length);
    const cols = columns(indent, spaceUnit) * scale + shift;
    // A whitespace-only new line keeps being blank: it moves with the block or becomes empty.
    if (body === '') return indent === '' ? '' : render(Math.max(0, Math.round(cols)), unit, spaceUnit);
    return cols < 0 || !Number.isInteger(cols) ? undefined : render(cols, unit, spaceUnit) + body;
  };
  return { ok: true, map, shift: describeShift(scale, shift, unit) };
}

function describeShift(scale: number, shift: number, unit: IndentUnit): string {
  const parts: string[] = [];
  if (shift !== 0) parts.push(`${Math.abs(shift)} column${Math.abs(shift) === 1 ? '' : 's'} ${shift > 0 ? 'deeper' : 'shallower'}`);
  if (scale !== 1) parts.push(`levels of ${unit.tab ? 'a tab' : `${unit.spaces} spaces`}`);
  parts.push(unit.tab ? 'indented with tabs' : 'indented with spaces');
  return `re-indented to the file's: ${parts.join(', ')}`;
}

const quote = (line: string) => JSON.stringify(line.length > 80 ? line.slice(0, 77) + '...' : line);

function inconsistency(modelOld: readonly string[], pairs: ReadonlyArray<[string, string, number]>, m: number[], f: number[]): string {
  // Name the first pair whose shift differs from the first pair's.
  const first = pairs[0]!;
  const k = f.findIndex((cols, i) => cols - m[i]! !== f[0]! - m[0]!);
  const other = pairs[k === -1 ? pairs.length - 1 : k]!;
  const say = (i: number, p: readonly [string, string, number]) =>
    `${quote(modelOld[p[2]]!.trim())} is indented ${m[i]} column${m[i] === 1 ? '' : 's'} in the patch and ${f[i]} in the file`;
  return `the indentation of the lines to change does not map onto the file's in one consistent way: ${say(0, first)}, but ${say(k === -1 ? pairs.length - 1 : k, other)}; not applied, so that no block gets mixed indentation`;
}
