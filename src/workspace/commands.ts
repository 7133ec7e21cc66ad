// Editor commands over proposals: decide the hunk at the cursor, move between hunks, decide a whole
// file, review it. Keybindings hang on the `flowpair.hasPendingHunks` context key kept here.
import * as vscode from 'vscode';
import * as notify from '../notify';
import type { PlacedHunk, ProposalStore } from './proposals';
import { proposalFileId, proposalSideHunks, type ProposalReview } from './review';

const HAS_PENDING = 'flowpair.hasPendingHunks';

export function registerProposalCommands(store: ProposalStore, review: ProposalReview): vscode.Disposable[] {
  const atCursor = (statuses: readonly string[]) => {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) return undefined;
    const line = editor.selection.active.line;
    const found = placedIn(store, editor.document.uri).find(({ hunk, start, lines }) => statuses.includes(hunk.status) && line >= start && line < start + lines);
    if (found === undefined) void vscode.window.setStatusBarMessage('Flowpair: no proposed change at the cursor (Alt+. goes to the next one)', 4000);
    return found;
  };
  const activeFiles = (fileId: unknown) => {
    if (typeof fileId === 'string') return [fileId];
    // From the review diff's title bar (its right side's URI) or with that side focused.
    const fromDiff = (fileId instanceof vscode.Uri ? proposalFileId(fileId) : undefined) ?? proposalFileId(vscode.window.activeTextEditor?.document.uri ?? vscode.Uri.file('/'));
    if (fromDiff !== undefined) return [fromDiff];
    const uri = vscode.window.activeTextEditor?.document.uri;
    const ids = uri === undefined ? [] : store.entriesIn(uri).map((e) => e.id);
    if (ids.length === 0) void vscode.window.setStatusBarMessage('Flowpair: no proposed changes in this editor', 4000);
    return ids;
  };

  let hasPending: boolean | undefined;
  const updateContext = () => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    // Stale hunks count: Alt+Y on one explains why it cannot apply, Alt+X dismisses it.
    const value = uri !== undefined && placedIn(store, uri).some(({ hunk }) => hunk.status === 'pending' || hunk.status === 'stale');
    if (value !== hasPending) void vscode.commands.executeCommand('setContext', HAS_PENDING, (hasPending = value));
  };
  updateContext();

  return [
    vscode.commands.registerCommand('flowpair.acceptHunk', async (fileId?: string, hunkId?: string) => {
      const placed = fileId !== undefined && hunkId !== undefined ? placedHunk(store, fileId, hunkId) : atCursor(['pending', 'stale']);
      if (placed?.hunk.status === 'stale') return explainStale(store, review, placed);
      if (placed) await decided(store, placed, 'Accepted', () => store.accept(placed.fileId, placed.hunk.id, fileId === undefined ? 'key' : 'click'));
    }),
    vscode.commands.registerCommand('flowpair.rejectHunk', async (fileId?: string, hunkId?: string) => {
      const placed = fileId !== undefined && hunkId !== undefined ? placedHunk(store, fileId, hunkId) : atCursor(['pending', 'stale']);
      const verb = placed?.hunk.status === 'stale' ? 'Dismissed' : 'Rejected';
      if (placed) await decided(store, placed, verb, () => store.reject(placed.fileId, placed.hunk.id, fileId === undefined ? 'key' : 'click'));
    }),
    vscode.commands.registerCommand('flowpair.nextHunk', () => move(store, 1)),
    vscode.commands.registerCommand('flowpair.previousHunk', () => move(store, -1)),
    vscode.commands.registerCommand('flowpair.acceptAllHunks', async (fileId?: string) => {
      for (const id of activeFiles(fileId)) await store.acceptAll(id);
    }),
    vscode.commands.registerCommand('flowpair.rejectAllHunks', async (fileId?: string) => {
      for (const id of activeFiles(fileId)) await store.rejectAll(id);
    }),
    vscode.commands.registerCommand('flowpair.reviewProposal', async (fileId?: string) => {
      const [id] = activeFiles(fileId);
      if (id !== undefined) await review.openDiff(id);
    }),
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    store.onDidChange(updateContext),
  ];
}

/**
 * The hunks of a document where the user sees them: in a file, over its old lines; on a review
 * diff's proposal side (the pending ones), over their new lines there.
 */
function placedIn(store: ProposalStore, uri: vscode.Uri): (PlacedHunk & { start: number; lines: number })[] {
  const fileId = proposalFileId(uri);
  if (fileId !== undefined) return proposalSideHunks(store, fileId).map((p) => ({ ...p, start: p.line, lines: Math.max(p.hunk.newLines.length, 1) }));
  return store.hunksIn(uri).map((p) => ({ ...p, start: p.hunk.startLine, lines: Math.max(p.hunk.oldLines.length, 1) }));
}

function placedHunk(store: ProposalStore, fileId: string, hunkId: string): PlacedHunk | undefined {
  const entry = store.entry(fileId);
  const hunk = entry?.proposal?.hunks.find((h) => h.id === hunkId);
  return hunk?.kind === 'lines' ? { fileId, hunk } : undefined;
}

/** "change 2 of 3 in cart.ts, line 12": where a hunk is, for status messages a screen reader reads. */
function where(store: ProposalStore, placed: PlacedHunk): string {
  const entry = store.entry(placed.fileId);
  const hunks = entry?.proposal?.hunks ?? [];
  const index = hunks.findIndex((h) => h.id === placed.hunk.id) + 1;
  return `change ${index} of ${hunks.length} in ${entry?.path ?? 'this file'}, line ${placed.hunk.startLine + 1}`;
}

async function decided(store: ProposalStore, placed: PlacedHunk, verb: string, decide: () => Promise<void>): Promise<void> {
  const what = where(store, placed);
  await decide();
  void vscode.window.setStatusBarMessage(`Flowpair: ${verb} ${what}`, 4000);
}

/** Alt+Y on a stale hunk: say why it cannot be written, and offer the diff editor or dismissing it. */
async function explainStale(store: ProposalStore, review: ProposalReview, placed: PlacedHunk): Promise<void> {
  const reason = placed.hunk.reason ?? 'the lines it changes were edited after it was proposed';
  const choice = await notify.warn(
    `Flowpair: this change can no longer be applied (${where(store, placed)}): ${reason}. Your text is kept.`,
    'Review in Diff Editor',
    'Dismiss',
  );
  if (choice === 'Review in Diff Editor') await review.openDiff(placed.fileId);
  else if (choice === 'Dismiss') await decided(store, placed, 'Dismissed', () => store.reject(placed.fileId, placed.hunk.id, 'key'));
}

/** Moves the cursor to the next (1) or previous (-1) pending hunk's first line, wrapping around. */
function move(store: ProposalStore, direction: 1 | -1): void {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) return;
  const starts = [...new Set(placedIn(store, editor.document.uri).filter(({ hunk }) => hunk.status === 'pending').map(({ start }) => start))]
    .map((line) => Math.min(line, editor.document.lineCount - 1))
    .sort((a, b) => a - b);
  if (starts.length === 0) return;
  const line = editor.selection.active.line;
  const ahead = direction === 1 ? starts.find((s) => s > line) : starts.findLast((s) => s < line);
  const target = ahead ?? (direction === 1 ? starts[0]! : starts[starts.length - 1]!);
  const position = new vscode.Position(target, 0);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  const path = vscode.workspace.asRelativePath(editor.document.uri);
  const wrapped = ahead === undefined && starts.length > 1 ? (direction === 1 ? ' (wrapped to the first)' : ' (wrapped to the last)') : '';
  void vscode.window.setStatusBarMessage(`Flowpair: change ${starts.indexOf(target) + 1} of ${starts.length} in ${path}, line ${target + 1}${wrapped}`, 4000);
}
