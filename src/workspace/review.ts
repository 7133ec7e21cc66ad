// "Review in diff editor": the proposal as a read-only virtual document (every still-pending hunk
// applied to the current text) next to the real one; and revealing one hunk in its document.
import * as vscode from 'vscode';
import * as notify from '../notify';
import type { ProposalStore } from './proposals';

export const PROPOSAL_SCHEME = 'flowpair-proposal';

export class ProposalReview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Open proposal documents by the document they propose for, so they follow its hunks. */
  private readonly open = new Map<string, vscode.Uri>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: ProposalStore) {
    this.subscription = store.onDidChange((uri) => {
      for (const [doc, proposalUri] of this.open) if (uri === undefined || uri.toString() === doc) this.changed.fire(proposalUri);
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const fileId = new URLSearchParams(uri.query).get('file') ?? '';
    return (await this.store.proposedText(fileId)) ?? `Flowpair: the proposal ${fileId} is no longer available.`;
  }

  async openDiff(fileId: string): Promise<void> {
    const entry = this.store.entry(fileId);
    if (entry?.uri === undefined || entry.proposal === undefined) {
      void notify.warn(`Flowpair: nothing to review${entry?.error ? `: ${entry.error}` : ''}.`);
      return;
    }
    const proposalUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${entry.path}`, query: new URLSearchParams({ file: fileId }).toString() });
    this.open.set(entry.uri.toString(), proposalUri);
    await vscode.commands.executeCommand('vscode.diff', entry.uri, proposalUri, `${entry.path} ↔ Flowpair proposal`, { preview: true });
  }

  /**
   * Shows the hunk's document with the cursor on the hunk's first line and its lines in view. The
   * lines are not selected: a selection would become a context chip of the next prompt.
   */
  async reveal(fileId: string, hunkId: string): Promise<void> {
    const entry = this.store.entry(fileId);
    const hunk = entry?.proposal?.hunks.find((h) => h.id === hunkId);
    if (entry?.uri === undefined) return;
    const editor = await vscode.window.showTextDocument(entry.uri, { preview: false });
    if (hunk?.kind !== 'lines') return;
    const last = editor.document.lineCount - 1;
    const start = Math.min(hunk.startLine, last);
    const count = hunk.status === 'accepted' ? hunk.newLines.length : hunk.oldLines.length;
    const end = Math.min(start + Math.max(count, 1) - 1, last);
    editor.selection = new vscode.Selection(start, 0, start, 0);
    editor.revealRange(new vscode.Range(start, 0, end, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The card a proposal document (the diff editor's right side) shows, from its URI. */
export function proposalFileId(uri: vscode.Uri): string | undefined {
  return uri.scheme === PROPOSAL_SCHEME ? (new URLSearchParams(uri.query).get('file') ?? undefined) : undefined;
}

/**
 * Whether a review diff of `uri` is the active tab of an editor group (of `viewColumn`, if given):
 * its left side is then `uri`'s own editor, which must stay a clean pane without Flowpair's marks.
 */
export function reviewDiffShowing(uri: vscode.Uri, viewColumn?: vscode.ViewColumn): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((group) => {
    const input = group.activeTab?.input;
    return (
      (viewColumn === undefined || group.viewColumn === viewColumn) &&
      input instanceof vscode.TabInputTextDiff &&
      input.original.toString() === key &&
      input.modified.scheme === PROPOSAL_SCHEME
    );
  });
}
