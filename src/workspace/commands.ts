// Editor commands over proposals: decide the hunk at the cursor, move between hunks, decide a whole
// file, review it. Keybindings hang on the `flowpair.hasPendingHunks` context key kept here.
import * as vscode from 'vscode';
import type { PlacedHunk, ProposalStore } from './proposals';
import type { ProposalReview } from './review';

const HAS_PENDING = 'flowpair.hasPendingHunks';

export function registerProposalCommands(store: ProposalStore, review: ProposalReview): vscode.Disposable[] {
  const atCursor = (statuses: readonly string[]) => {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) return undefined;
    const line = editor.selection.active.line;
    const found = store
      .hunksIn(editor.document.uri)
      .find(({ hunk }) => statuses.includes(hunk.status) && line >= hunk.startLine && line < hunk.startLine + Math.max(hunk.oldLines.length, 1));
    if (found === undefined) void vscode.window.setStatusBarMessage('Flowpair: no proposed change at the cursor (Alt+. goes to the next one)', 4000);
    return found;
  };
  const activeFiles = (fileId: unknown) => {
    if (typeof fileId === 'string') return [fileId];
    const uri = vscode.window.activeTextEditor?.document.uri;
    const ids = uri === undefined ? [] : store.entriesIn(uri).map((e) => e.id);
    if (ids.length === 0) void vscode.window.setStatusBarMessage('Flowpair: no proposed changes in this editor', 4000);
    return ids;
  };

  let hasPending: boolean | undefined;
  const updateContext = () => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const value = uri !== undefined && store.hunksIn(uri).some(({ hunk }) => hunk.status === 'pending');
    if (value !== hasPending) void vscode.commands.executeCommand('setContext', HAS_PENDING, (hasPending = value));
  };
  updateContext();

  return [
    vscode.commands.registerCommand('flowpair.acceptHunk', async (fileId?: string, hunkId?: string) => {
      const target = fileId !== undefined && hunkId !== undefined ? { fileId, hunkId } : idsOf(atCursor(['pending']));
      if (target) await store.accept(target.fileId, target.hunkId);
    }),
    vscode.commands.registerCommand('flowpair.rejectHunk', async (fileId?: string, hunkId?: string) => {
      const target = fileId !== undefined && hunkId !== undefined ? { fileId, hunkId } : idsOf(atCursor(['pending', 'stale']));
      if (target) await store.reject(target.fileId, target.hunkId);
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

function idsOf(placed: PlacedHunk | undefined): { fileId: string; hunkId: string } | undefined {
  return placed && { fileId: placed.fileId, hunkId: placed.hunk.id };
}

/** Moves the cursor to the next (1) or previous (-1) pending hunk's first line, wrapping around. */
function move(store: ProposalStore, direction: 1 | -1): void {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) return;
  const starts = [...new Set(store.hunksIn(editor.document.uri).filter(({ hunk }) => hunk.status === 'pending').map(({ hunk }) => hunk.startLine))]
    .map((line) => Math.min(line, editor.document.lineCount - 1))
    .sort((a, b) => a - b);
  if (starts.length === 0) return;
  const line = editor.selection.active.line;
  const target =
    direction === 1 ? (starts.find((s) => s > line) ?? starts[0]!) : (starts.findLast((s) => s < line) ?? starts[starts.length - 1]!);
  const position = new vscode.Position(target, 0);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
