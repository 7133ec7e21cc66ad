// Engine hunks as the composer shows them (protocol HunkView), and what became of a file's hunks
// in words, for the model's tool output. Pure: no vscode.
import { isEdited, REMOVED_IN_REVIEW, type Hunk, type LineHunk, type Proposal } from '../edits/hunks';
import type { HunkView } from '../protocol';

/** The card's note on a hunk the user changed in the review diff (its reason line and accessible name). */
export const EDITED_NOTE = 'edited by you in the review diff';

export function hunkView(hunk: Hunk): HunkView {
  const reason = hunk.reason ?? (isEdited(hunk) ? EDITED_NOTE : undefined);
  const base = { id: hunk.id, status: hunk.status, ...(reason !== undefined && { reason }) };
  switch (hunk.kind) {
    case 'lines':
      return { ...base, line: hunk.startLine + 1, removed: [...hunk.oldLines], added: [...hunk.newLines] };
    case 'add': {
      const lines = (hunk.text ?? '').split('\n');
      if (lines.at(-1) === '') lines.pop();
      // The whole new file: it is accepted as a whole, so it is reviewed as a whole; the card's header says it is new.
      return { ...base, line: 1, removed: [], added: lines };
    }
    case 'delete':
      return { ...base, line: 1, removed: [`(delete ${hunk.path})`], added: [] };
    case 'move':
      return { ...base, line: 1, removed: [`(move from ${hunk.path})`], added: [`(move to ${hunk.moveTo})`] };
  }
}

/** Lines of a user-edited hunk quoted back to the model; more would crowd its context (it can read the file). */
const MAX_LANDED_LINES = 60;

/**
 * "src/a.ts: accepted h1, h3; rejected h2; pending h4; stale h5 (the document was edited …)". A hunk
 * the user edited before accepting is reported apart, with the text that landed: the model must
 * know the file's lines are not the ones it proposed.
 */
export function outcomeLine(path: string, proposal: Proposal | undefined, error: string | undefined): string {
  if (error !== undefined) return `${path}: failed: ${error}`;
  const groups = new Map<string, string[]>();
  const landed: string[] = [];
  for (const h of proposal?.hunks ?? []) {
    const edited = h.status === 'accepted' && isEdited(h);
    const group = edited ? 'accepted with the user\'s changes' : h.status;
    const label = h.reason !== undefined && (h.status === 'stale' || h.status === 'failed' || (h.status === 'rejected' && h.reason === REMOVED_IN_REVIEW)) ? `${h.id} (${h.reason})` : h.id;
    groups.set(group, [...(groups.get(group) ?? []), label]);
    if (edited) landed.push(landedText(h as LineHunk));
  }
  if (groups.size === 0) return `${path}: no hunks`;
  const parts = (['accepted', "accepted with the user's changes", 'rejected', 'pending', 'stale', 'failed'] as const)
    .filter((s) => groups.has(s))
    .map((s) => `${s === 'pending' ? 'still pending (not reviewed yet)' : s} ${groups.get(s)!.join(', ')}`);
  return [`${path}: ${parts.join('; ')}`, ...landed].join('\n');
}

/** "  h2 landed as the user wrote it, lines 12–13 of the file now:" and the lines, indented. */
function landedText(h: LineHunk): string {
  const n = h.newLines.length;
  if (n === 0) return `  ${h.id}: the user's version removes the lines (${h.oldLines.length} at line ${h.startLine + 1}) instead of what you proposed.`;
  const shown = h.newLines.slice(0, MAX_LANDED_LINES).map((l) => `    ${l}`);
  const more = n > MAX_LANDED_LINES ? [`    … ${n - MAX_LANDED_LINES} more lines (read the file for them)`] : [];
  const where = n === 1 ? `line ${h.startLine + 1}` : `lines ${h.startLine + 1}–${h.startLine + n}`;
  return [`  ${h.id} landed as the user wrote it, ${where} of the file now:`, ...shown, ...more].join('\n');
}

/**
 * A card's hunks as last sent to the composer, to send only what changed: the engine never
 * mutates a hunk (a changed hunk is a new object), so identity tells what is new or changed
 * without building every hunk's view again for each streamed chunk.
 */
export class CardHunks {
  private readonly sent = new Map<string, Hunk>();

  changes(hunks: readonly Hunk[]): { changed: HunkView[]; removed: string[] } {
    const changed: HunkView[] = [];
    for (const hunk of hunks) {
      if (this.sent.get(hunk.id) === hunk) continue;
      this.sent.set(hunk.id, hunk);
      changed.push(hunkView(hunk));
    }
    const removed: string[] = [];
    if (this.sent.size > hunks.length) {
      const ids = new Set(hunks.map((h) => h.id));
      for (const id of this.sent.keys()) {
        if (ids.has(id)) continue;
        this.sent.delete(id);
        removed.push(id);
      }
    }
    return { changed, removed };
  }
}
