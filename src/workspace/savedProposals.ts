// What a window reload needs to bring a conversation's undecided hunks back: the cards (saved with
// the conversation) already hold every hunk's lines and status, so only what they lack is kept here —
// each hunk's kind, the file's line terminator, a digest of the text the positions refer to, and the
// lines around each pending hunk (bounded), which find it again in a file that changed. Pure: no vscode.
import { createHash } from 'node:crypto';
import type { Hunk, LineHunk } from '../edits/hunks';
import type { Eol } from '../edits/lines';
import { placeOf, type SavedPlace } from '../edits/relocate';
import type { FileCardView } from '../protocol';
import { EDITED_NOTE } from './hunkViews';

export interface SavedProposal {
  readonly fileId: string;
  readonly eol: Eol;
  /** Digest of the document text the hunks' positions refer to (unchanged: positions are kept). */
  readonly textDigest: string;
  readonly hunks: readonly SavedHunk[];
}

export interface SavedHunk {
  readonly id: string;
  readonly kind: Hunk['kind'];
  /** Pending line hunks: the lines around them (left out once the conversation's budget is spent). */
  readonly place?: SavedPlace;
  /** A hunk edited in the review diff: what the model proposed for its lines (within the same budget). */
  readonly proposed?: LineHunk['proposed'];
}

/** The lines kept around pending hunks, per conversation: workspace storage stays small. */
export const MAX_PLACE_CHARS = 64 * 1024;

export function textDigest(text: string): string {
  return `${text.length}:${createHash('sha256').update(text).digest('base64')}`;
}

/** One card's record; `budget` is what is left of MAX_PLACE_CHARS and is spent here. */
export function saveProposal(fileId: string, eol: Eol, hunks: readonly Hunk[], lines: readonly string[], textDigestNow: string, budget: { chars: number }): SavedProposal {
  return {
    fileId,
    eol,
    textDigest: textDigestNow,
    hunks: hunks.map((h) => {
      if (h.kind !== 'lines' || h.status !== 'pending') return { id: h.id, kind: h.kind };
      const place = placeOf(lines, h);
      const proposed = h.proposed && spend(budget, [...h.proposed.oldLines, ...h.proposed.newLines]) ? { proposed: h.proposed } : {};
      return spend(budget, [...place.before, ...place.after]) ? { id: h.id, kind: h.kind, place, ...proposed } : { id: h.id, kind: h.kind, ...proposed };
    }),
  };
}

/** Takes `lines` out of the budget if they fit in what is left. */
function spend(budget: { chars: number }, lines: readonly string[]): boolean {
  const chars = lines.reduce((n, l) => n + l.length + 1, 0);
  if (chars > budget.chars) return false;
  budget.chars -= chars;
  return true;
}

/** The engine's hunks again, from the card's views and the saved kinds; undefined if they do not fit together. */
export function hunksOf(card: FileCardView, saved: SavedProposal): Hunk[] | undefined {
  const records = new Map(saved.hunks.map((h) => [h.id, h]));
  const hunks: Hunk[] = [];
  for (const view of card.hunks) {
    const record = records.get(view.id);
    if (record === undefined) return undefined;
    const { kind, proposed } = record;
    // the card's note on an edited hunk comes from `proposed` (see hunkView)
    const reason = proposed !== undefined && view.reason === EDITED_NOTE ? undefined : view.reason;
    const base = { id: view.id, status: view.status, ...(reason !== undefined && { reason }) };
    switch (kind) {
      case 'lines':
        hunks.push({ ...base, kind, startLine: Math.max(0, view.line - 1), oldLines: view.removed, newLines: view.added, ...(proposed !== undefined && { proposed }) });
        break;
      case 'add':
        // the card shows a new file whole, one line per entry (see hunkView)
        hunks.push({ ...base, kind, path: card.path, text: view.added.map((l) => `${l}\n`).join('') });
        break;
      case 'delete':
        hunks.push({ ...base, kind, path: card.path });
        break;
      case 'move':
        if (card.moveTo === undefined) return undefined;
        hunks.push({ ...base, kind, path: card.path, moveTo: card.moveTo });
        break;
    }
  }
  return hunks;
}

/** The places saved for pending line hunks, by hunk id. */
export function placesOf(saved: SavedProposal): Map<string, SavedPlace> {
  return new Map(saved.hunks.flatMap((h) => (h.place ? [[h.id, h.place] as const] : [])));
}
