// Accept / Reject / Review above each pending hunk; the reason above stale and failed ones.
import * as vscode from 'vscode';
import type { ProposalStore } from './proposals';

export class CodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: ProposalStore) {
    this.subscription = store.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    const last = Math.max(document.lineCount - 1, 0);
    for (const { fileId, hunk } of this.store.hunksIn(document.uri)) {
      const range = new vscode.Range(Math.min(hunk.startLine, last), 0, Math.min(hunk.startLine, last), 0);
      const lens = (title: string, command = '', tooltip?: string) =>
        lenses.push(new vscode.CodeLens(range, { title, command, arguments: [fileId, hunk.id], ...(tooltip !== undefined && { tooltip }) }));
      if (hunk.status === 'pending') {
        lens('$(check) Accept', 'flowpair.acceptHunk', 'Write this change (Alt+Y)');
        lens('$(x) Reject', 'flowpair.rejectHunk', 'Drop this change (Alt+X)');
        lens('$(diff) Review', 'flowpair.reviewProposal', 'Compare the file with every pending change applied');
      } else if (hunk.status === 'stale') {
        lens(`$(warning) Stale: ${hunk.reason ?? 'the document changed here'} — Reject`, 'flowpair.rejectHunk', 'This change no longer fits the text; it will not be applied');
      } else if (hunk.status === 'failed') {
        lens(`$(error) Failed: ${hunk.reason ?? 'could not place this change'}`);
      }
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
