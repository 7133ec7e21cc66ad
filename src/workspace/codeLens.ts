// Accept / Reject / Review above each pending hunk; the reason above stale and failed ones.
import * as vscode from 'vscode';
import type { LineHunk } from '../edits/hunks';
import type { ProposalStore } from './proposals';
import { proposalFileId, proposalSideHunks, reviewDiffShowing } from './review';

/** Longer first lines are cut on the CodeLens row; the tooltip and the diff editor have them whole. */
const PREVIEW_CHARS = 90;

export class CodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly store: ProposalStore) {
    this.subscriptions = [store.onDidChange(() => this.changed.fire()), vscode.window.tabGroups.onDidChangeTabs(() => this.changed.fire())];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const fileId = proposalFileId(document.uri);
    if (fileId !== undefined) return this.proposalLenses(fileId, document);
    // While its review diff is shown, the document's own lenses would repeat on the diff's left side.
    if (reviewDiffShowing(document.uri)) return [];
    const lenses: vscode.CodeLens[] = [];
    const last = Math.max(document.lineCount - 1, 0);
    for (const { fileId, hunk } of this.store.hunksIn(document.uri)) {
      const range = new vscode.Range(Math.min(hunk.startLine, last), 0, Math.min(hunk.startLine, last), 0);
      const lens = (title: string, command = '', tooltip?: string) =>
        lenses.push(new vscode.CodeLens(range, { title, command, arguments: [fileId, hunk.id], ...(tooltip !== undefined && { tooltip }) }));
      if (hunk.status === 'pending') {
        // The proposed text sits on the CodeLens row, which VS Code draws between the lines, at
        // the indentation of the line below: the one place an extension can show a line there.
        const preview = proposedLine(hunk);
        if (preview) lens(preview.title, 'flowpair.reviewProposal', preview.tooltip);
        lens('$(check) Accept', 'flowpair.acceptHunk', 'Write this change (Alt+Y)');
        lens('$(x) Reject', 'flowpair.rejectHunk', 'Drop this change (Alt+X)');
        lens('$(diff) Review', 'flowpair.reviewProposal', 'Compare the file with every pending change applied');
      } else if (hunk.status === 'stale') {
        lens(`$(warning) Stale: ${hunk.reason ?? 'the document changed here'}`, 'flowpair.reviewProposal', 'This change no longer fits the text: review the whole proposal in the diff editor');
        lens('$(close) Dismiss', 'flowpair.rejectHunk', 'Drop this change: it cannot be applied over your edit (Alt+X)');
      } else if (hunk.status === 'failed') {
        lens(`$(error) Failed: ${hunk.reason ?? 'could not place this change'}`);
      }
    }
    return lenses;
  }

  /**
   * The diff editor's right side (every pending hunk applied): Accept / Reject above each pending
   * hunk where its new lines now are, so the review happens where the user reads it.
   */
  private proposalLenses(fileId: string, document: vscode.TextDocument): vscode.CodeLens[] {
    const last = Math.max(document.lineCount - 1, 0);
    return proposalSideHunks(this.store, fileId).flatMap(({ hunk, line }) => {
      const range = new vscode.Range(Math.min(line, last), 0, Math.min(line, last), 0);
      return [
        new vscode.CodeLens(range, { title: '$(check) Accept', command: 'flowpair.acceptHunk', arguments: [fileId, hunk.id], tooltip: 'Write this change (Alt+Y)' }),
        new vscode.CodeLens(range, { title: '$(x) Reject', command: 'flowpair.rejectHunk', arguments: [fileId, hunk.id], tooltip: 'Drop this change (Alt+X)' }),
      ];
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/**
 * "+ if (!Number.isInteger(item.quantity)) {  … +5 lines" for an insertion, "→ const count = …" for a
 * replacement: the new text's first line; the tooltip holds every new line.
 */
export function proposedLine(hunk: Pick<LineHunk, 'oldLines' | 'newLines'>): { title: string; tooltip: string } | undefined {
  const first = hunk.newLines.find((l) => l.trim() !== '');
  if (first === undefined) return undefined;
  const text = first.trim();
  const cut = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
  const more = hunk.newLines.length - 1;
  // CodeLens titles read $(name) as an icon: keep the model's own "$(" literal.
  const safe = cut.replace(/\$\(/g, '$\u200b(');
  const sign = hunk.oldLines.length === 0 ? '$(add)' : '$(arrow-right)';
  return {
    title: `${sign} ${safe}${more > 0 ? `  … +${more} ${more === 1 ? 'line' : 'lines'}` : ''}`,
    tooltip: `${hunk.oldLines.length === 0 ? 'Inserted here' : 'Replaces the highlighted lines'} (click to review in the diff editor):\n${hunk.newLines.join('\n')}`,
  };
}
