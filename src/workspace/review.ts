// "Review in diff editor": the file next to its proposal (every still-pending hunk applied to the
// current text), and revealing one hunk in its document. The proposal side is an editable document
// of a small file system of its own: what the user types there becomes the pending hunks (the store
// revises them), and what changes the hunks elsewhere (a decision in a card, an edit of the file) is
// written back into it. Nothing reaches the real file before an Accept.
import * as vscode from 'vscode';
import * as notify from '../notify';
import type { LineHunk } from '../edits/hunks';
import { revisable, type PlacedHunk, type ProposalStore } from './proposals';

export const PROPOSAL_SCHEME = 'flowpair-proposal';

/** Typing pauses this long before the proposal document is saved (to itself): closing it then asks nothing. */
const SAVE_AFTER_MS = 150;

export class ProposalReview implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly fileChanges = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.fileChanges.event;
  /**
   * What each proposal document last was to VS Code (its time and size are its version tag): it
   * changes only when a save writes it or it must be read again, or a save would read as a conflict.
   */
  private readonly stats = new Map<string, { mtime: number; size: number }>();
  /** Edits typed in a proposal document that the store has not taken in yet, by file card. */
  private readonly typing = new Map<string, number>();
  /** File cards with a revision queued that has not read the document yet. */
  private readonly waiting = new Set<string>();
  private readonly saveTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly store: ProposalStore) {
    this.subscriptions = [
      this.fileChanges,
      store.onDidChange((uri) => {
        for (const doc of this.openProposals(uri)) void this.follow(doc);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme === PROPOSAL_SCHEME && e.contentChanges.length > 0) void this.typed(e.document);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor?.document.uri.scheme === PROPOSAL_SCHEME && editor.document.isDirty) this.saveSoon(editor.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        // Opened again, it is read again: the proposal may have changed meanwhile.
        clearTimeout(this.saveTimers.get(doc.uri.toString()));
        this.stats.delete(doc.uri.toString());
      }),
    ];
  }

  async openDiff(fileId: string): Promise<void> {
    const entry = this.store.entry(fileId);
    if (entry?.uri === undefined || entry.proposal === undefined) {
      void notify.warn(`Flowpair: nothing to review${entry?.error ? `: ${entry.error}` : ''}.`);
      return;
    }
    const proposalUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${entry.path}`, query: new URLSearchParams({ file: fileId }).toString() });
    const title = `${entry.path} ↔ Flowpair proposal${revisable(entry.proposal) ? ' (editable)' : ''}`;
    await vscode.commands.executeCommand('vscode.diff', entry.uri, proposalUri, title, { preview: true });
  }

  // ---- the proposal side, typed in and followed ---------------------------------------------

  private async typed(doc: vscode.TextDocument): Promise<void> {
    const fileId = proposalFileId(doc.uri);
    if (fileId === undefined) return;
    // A burst of keystrokes is one revision: one still waiting reads the text when its turn comes.
    if (this.waiting.has(fileId)) return;
    this.waiting.add(fileId);
    this.typing.set(fileId, (this.typing.get(fileId) ?? 0) + 1);
    try {
      await this.store.revise(fileId, () => {
        this.waiting.delete(fileId);
        return doc.getText();
      });
    } finally {
      this.waiting.delete(fileId);
      const left = this.typing.get(fileId)! - 1;
      this.typing.set(fileId, left);
      if (left === 0) {
        // A decision taken while the user typed may have changed the proposal meanwhile.
        void this.follow(doc);
        this.saveSoon(doc);
      }
    }
  }

  /**
   * Saves the proposal document (to this provider, never to the real file) once typing pauses, so
   * closing the diff asks nothing. Saved as "Save without Formatting": a formatter or whitespace
   * trimmer run on save must not rewrite the proposal under the user's cursor. That command saves
   * the active editor, so a document typed in elsewhere waits until it is active again.
   */
  private saveSoon(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.saveTimers.get(key));
    this.saveTimers.set(
      key,
      setTimeout(() => {
        this.saveTimers.delete(key);
        if (doc.isClosed || !doc.isDirty || vscode.window.activeTextEditor?.document !== doc) return;
        void Promise.resolve(vscode.commands.executeCommand('workbench.action.files.saveWithoutFormatting')).catch(() => undefined);
      }, SAVE_AFTER_MS),
    );
  }

  /** Brings an open proposal document to the store's proposal (a card decision, an edit of the file). */
  private async follow(doc: vscode.TextDocument): Promise<void> {
    const fileId = proposalFileId(doc.uri)!;
    const busy = () => doc.isClosed || (this.typing.get(fileId) ?? 0) > 0;
    if (busy()) return;
    const version = doc.version;
    const text = await this.store.proposedText(fileId);
    if (text === undefined || busy() || doc.version !== version) return;
    const now = doc.getText();
    if (sameLines(now, text)) return;
    if (!doc.isDirty) {
      // Read again, as after a change on disk: no save (nor its participants) is needed after it.
      this.touch(doc.uri, text);
      this.fileChanges.fire([{ type: vscode.FileChangeType.Changed, uri: doc.uri }]);
      return;
    }
    // Unsaved typing in it: an edit, kept with the typing (and saved with it).
    const edit = new vscode.WorkspaceEdit();
    const { start, end, insert } = difference(now, text);
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(start), doc.positionAt(end)), insert);
    if (await vscode.workspace.applyEdit(edit)) this.saveSoon(doc);
  }

  private openProposals(uri: vscode.Uri | undefined): vscode.TextDocument[] {
    const key = uri?.toString();
    return vscode.workspace.textDocuments.filter((doc) => {
      const fileId = proposalFileId(doc.uri);
      return fileId !== undefined && (key === undefined || this.store.entry(fileId)?.uri?.toString() === key);
    });
  }

  // ---- vscode.FileSystemProvider -------------------------------------------------------------

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const fileId = proposalFileId(uri) ?? '';
    const proposal = this.store.entry(fileId)?.proposal;
    const known = this.stats.get(uri.toString()) ?? this.touch(uri, await this.content(fileId));
    return {
      type: vscode.FileType.File,
      ctime: 0,
      ...known,
      // A new or deleted file, or a proposal gone, is decided whole: its side is read-only.
      ...((proposal === undefined || !revisable(proposal)) && { permissions: vscode.FilePermission.Readonly }),
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return new TextEncoder().encode(await this.content(proposalFileId(uri) ?? ''));
  }

  /** A save of the proposal document: the store takes in its text (typing already did, so usually nothing changes). */
  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const fileId = proposalFileId(uri) ?? '';
    const proposal = this.store.entry(fileId)?.proposal;
    if (proposal === undefined || !revisable(proposal)) throw vscode.FileSystemError.NoPermissions(uri);
    const text = new TextDecoder().decode(content);
    await this.store.revise(fileId, () => text);
    this.touch(uri, text);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  private async content(fileId: string): Promise<string> {
    return (await this.store.proposedText(fileId)) ?? `Flowpair: the proposal ${fileId} is no longer available.`;
  }

  /** A new version tag for the document (a later time than the last one, whatever the clock says). */
  private touch(uri: vscode.Uri, text: string): { mtime: number; size: number } {
    const key = uri.toString();
    const stat = { mtime: Math.max(Date.now(), (this.stats.get(key)?.mtime ?? 0) + 1), size: new TextEncoder().encode(text).byteLength };
    this.stats.set(key, stat);
    return stat;
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
    for (const timer of this.saveTimers.values()) clearTimeout(timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

/** Equal line by line: VS Code gives a document one line terminator, the file may mix them. */
function sameLines(a: string, b: string): boolean {
  return a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
}

/** The one range of `from` to replace (by `insert`) to get `to`: everything between their common ends. */
export function difference(from: string, to: string): { start: number; end: number; insert: string } {
  let start = 0;
  const max = Math.min(from.length, to.length);
  while (start < max && from.charCodeAt(start) === to.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && from.charCodeAt(from.length - 1 - tail) === to.charCodeAt(to.length - 1 - tail)) tail++;
  return { start, end: from.length - tail, insert: to.slice(start, to.length - tail) };
}

/**
 * Where each pending line hunk of a card is on its proposal side (every pending hunk applied): the
 * 0-based first line of its new lines there, which the hunks before it have shifted.
 */
export function proposalSideHunks(store: ProposalStore, fileId: string): (PlacedHunk & { line: number })[] {
  const hunks = (store.entry(fileId)?.proposal?.hunks ?? []).filter((h): h is LineHunk => h.kind === 'lines' && h.status === 'pending');
  let shift = 0;
  return [...hunks]
    .sort((a, b) => a.startLine - b.startLine)
    .map((hunk) => {
      const line = hunk.startLine + shift;
      shift += hunk.newLines.length - hunk.oldLines.length;
      return { fileId, hunk, line };
    });
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
