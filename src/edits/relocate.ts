// Hunks kept across a window reload, placed again in the file as it is now. A hunk saved with the
// lines around it is found by those lines and its own; one that can no longer be found exactly
// once comes back stale with the reason, so nothing is ever written at a guessed place. Pure: no vscode.
import type { Hunk, LineHunk } from './hunks';
import { LineIndex } from './locate';

/** The lines just above and below a hunk when it was saved (what finds an insertion again). */
export interface SavedPlace {
  readonly before: readonly string[];
  readonly after: readonly string[];
}

const CONTEXT_LINES = 3;

export const RELOCATE_REASONS = {
  gone: 'the file changed while this conversation was closed: these lines are no longer in it',
  ambiguous: 'the file changed while this conversation was closed: these lines are now in several places',
  insertion: 'the file changed around this insertion while this conversation was closed, so where it goes is unclear',
  overlap: 'after the file changed, this change overlaps another one',
} as const;

/** The lines around `hunk` in `lines` (the document it is placed in now), to save with it. */
export function placeOf(lines: readonly string[], hunk: Pick<LineHunk, 'startLine' | 'oldLines'>): SavedPlace {
  const end = hunk.startLine + hunk.oldLines.length;
  return { before: lines.slice(Math.max(0, hunk.startLine - CONTEXT_LINES), hunk.startLine), after: lines.slice(end, end + CONTEXT_LINES) };
}

/**
 * The hunks placed in `lines`. `unchanged`: the text is the one they were saved against (their
 * positions are checked, not searched). Only pending hunks move or turn stale; decided ones keep
 * their record as it was.
 */
export function relocateHunks(hunks: readonly Hunk[], places: ReadonlyMap<string, SavedPlace>, lines: readonly string[], unchanged: boolean): Hunk[] {
  const index = new LineIndex(lines);
  const taken: { start: number; end: number }[] = [];
  return hunks.map((hunk) => {
    if (hunk.kind !== 'lines' || hunk.status !== 'pending') return hunk;
    const found = unchanged && sameAt(lines, hunk.startLine, hunk.oldLines) ? { start: hunk.startLine } : locate(index, hunk, places.get(hunk.id));
    if ('reason' in found) return stale(hunk, found.reason);
    const region = { start: found.start, end: found.start + hunk.oldLines.length };
    if (taken.some((r) => r.start < region.end && region.start < r.end)) return stale(hunk, RELOCATE_REASONS.overlap);
    taken.push(region);
    return found.start === hunk.startLine ? hunk : { ...hunk, startLine: found.start };
  });
}

/** Where the hunk's lines (with as much of their surroundings as still fits) are now, if exactly one place. */
function locate(index: LineIndex, hunk: LineHunk, place: SavedPlace | undefined): { start: number } | { reason: string } {
  const before = place?.before ?? [];
  const after = place?.after ?? [];
  const old = hunk.oldLines;
  // Longest pattern first: the surroundings tell apart lines that occur more than once.
  const patterns: [readonly string[], number][] = [
    [[...before, ...old, ...after], before.length],
    [[...before, ...old], before.length],
    [[...old, ...after], 0],
    [old, 0],
  ];
  let several = false;
  const tried = new Set<string>(); // length and offset tell the four patterns apart (equal ones are the same lines)
  for (const [pattern, offset] of patterns) {
    const key = `${pattern.length}:${offset}`;
    if (pattern.length === 0 || tried.has(key)) continue;
    tried.add(key);
    const at = index.matches(pattern, 'exact', 0, index.lines.length, 2);
    if (at.length === 1) return { start: at[0]! + offset };
    several ||= at.length > 1;
  }
  // An insertion into a file that was empty has nothing around it: it fits only a file still empty.
  if (old.length === 0) return tried.size === 0 && index.lines.length === 0 ? { start: 0 } : { reason: RELOCATE_REASONS.insertion };
  return { reason: several ? RELOCATE_REASONS.ambiguous : RELOCATE_REASONS.gone };
}

function sameAt(lines: readonly string[], start: number, expected: readonly string[]): boolean {
  if (start < 0 || start + expected.length > lines.length) return false;
  return expected.every((line, i) => lines[start + i] === line);
}

function stale(hunk: LineHunk, reason: string): LineHunk {
  return { ...hunk, status: 'stale', reason };
}
