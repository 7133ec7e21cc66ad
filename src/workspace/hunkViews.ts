// Engine hunks as the composer shows them (protocol HunkView), and what became of a file's hunks
// in words, for the model's tool output. Pure: no vscode.
import type { Hunk, Proposal } from '../edits/hunks';
import type { HunkView } from '../protocol';

export function hunkView(hunk: Hunk): HunkView {
  const base = { id: hunk.id, status: hunk.status, ...(hunk.reason !== undefined && { reason: hunk.reason }) };
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

/** "src/a.ts: accepted h1, h3; rejected h2; pending h4; stale h5 (the document was edited …)". */
export function outcomeLine(path: string, proposal: Proposal | undefined, error: string | undefined): string {
  if (error !== undefined) return `${path}: failed: ${error}`;
  const groups = new Map<string, string[]>();
  for (const h of proposal?.hunks ?? []) {
    const label = h.reason !== undefined && (h.status === 'stale' || h.status === 'failed') ? `${h.id} (${h.reason})` : h.id;
    groups.set(h.status, [...(groups.get(h.status) ?? []), label]);
  }
  if (groups.size === 0) return `${path}: no hunks`;
  const parts = (['accepted', 'rejected', 'pending', 'stale', 'failed'] as const)
    .filter((s) => groups.has(s))
    .map((s) => `${s === 'pending' ? 'still pending (not reviewed yet)' : s} ${groups.get(s)!.join(', ')}`);
  return `${path}: ${parts.join('; ')}`;
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
