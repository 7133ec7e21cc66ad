// Hunks drawn over the untouched buffer: old lines tinted as removed, a short marker after them, the
// gap an insertion goes into marked. VS Code gives extensions no way to draw virtual lines between
// real ones (view zones are internal), so the new text itself goes on the CodeLens row, which VS
// Code draws between the lines (codeLens.ts); the whole diff is in the hover.
import * as vscode from 'vscode';
import type { LineHunk } from '../edits/hunks';
import { fenced } from './fixContext';
import type { PlacedHunk, ProposalStore } from './proposals';
import { reviewDiffShowing } from './review';

const color = (id: string) => new vscode.ThemeColor(id);
const leftBar = (id: string) => ({ borderWidth: '0 0 0 2px', borderStyle: 'solid', borderColor: color(id) });

/** Whole lines tinted, with a bar on the left and a mark in the overview ruler (stale, failed). */
const flagged = (background: string, bar: string, ruler: string) =>
  vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: color(background),
    ...leftBar(bar),
    overviewRulerColor: color(ruler),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });

export class ProposalDecorations implements vscode.Disposable {
  private readonly removed = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: color('diffEditor.removedLineBackground'),
    overviewRulerColor: color('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly added = vscode.window.createTextEditorDecorationType({
    overviewRulerColor: color('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  /** The line an insertion goes above: a thin top border, the gap where the CodeLens row shows the text. */
  private readonly insertedAbove = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    borderWidth: '1px 0 0 0',
    borderStyle: 'dashed',
    borderColor: color('editorOverviewRuler.addedForeground'),
    overviewRulerColor: color('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly stale = flagged('editorWarning.background', 'editorWarning.foreground', 'editorOverviewRuler.warningForeground');
  private readonly failed = flagged('editorError.background', 'editorError.foreground', 'editorOverviewRuler.errorForeground');
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly store: ProposalStore) {
    this.subscriptions = [
      store.onDidChange((uri) => {
        for (const editor of vscode.window.visibleTextEditors) {
          if (uri === undefined || editor.document.uri.toString() === uri.toString()) this.render(editor);
        }
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.render(e))),
    ];
    vscode.window.visibleTextEditors.forEach((e) => this.render(e));
  }

  private render(editor: vscode.TextEditor): void {
    const doc = editor.document;
    // The left side of a review diff is a clean pane: the diff itself shows the proposal.
    if (reviewDiffShowing(doc.uri, editor.viewColumn)) {
      for (const type of [this.removed, this.added, this.insertedAbove, this.stale, this.failed]) editor.setDecorations(type, []);
      return;
    }
    const removed: vscode.DecorationOptions[] = [];
    const added: vscode.DecorationOptions[] = [];
    const stale: vscode.DecorationOptions[] = [];
    const failed: vscode.DecorationOptions[] = [];
    const inserted: vscode.DecorationOptions[] = [];
    const last = doc.lineCount - 1;
    const lines = (start: number, count: number) =>
      new vscode.Range(Math.min(start, last), 0, Math.min(start + Math.max(count, 1) - 1, last), 0);
    for (const placed of this.store.hunksIn(doc.uri)) {
      const { hunk } = placed;
      if (hunk.status === 'pending') {
        const hoverMessage = pendingHover(placed);
        if (hunk.oldLines.length > 0) removed.push({ range: lines(hunk.startLine, hunk.oldLines.length), hoverMessage });
        const marker = ghost(doc, hunk, hoverMessage);
        if (marker) added.push(marker);
        // An insertion marks the gap it goes into: the line below it gets a gutter-side bar.
        else if (hunk.startLine <= last) inserted.push({ range: lines(hunk.startLine, 1), hoverMessage });
      } else if (hunk.status === 'stale') {
        stale.push({ range: lines(hunk.startLine, hunk.oldLines.length), hoverMessage: reasonHover('Stale', hunk) });
      } else if (hunk.status === 'failed') {
        failed.push({ range: lines(hunk.startLine, 1), hoverMessage: reasonHover('Could not place this change', hunk) });
      }
    }
    editor.setDecorations(this.removed, removed);
    editor.setDecorations(this.added, added);
    editor.setDecorations(this.insertedAbove, inserted);
    editor.setDecorations(this.stale, stale);
    editor.setDecorations(this.failed, failed);
  }

  dispose(): void {
    for (const d of [...this.subscriptions, this.removed, this.added, this.insertedAbove, this.stale, this.failed]) d.dispose();
  }
}

/**
 * A short marker at the end of the hunk's last removed line ("→ 3 new lines", "⌫ remove 2 lines"),
 * never the new text itself: long text would run off the right edge, and on the line an insertion
 * precedes it would push the real code aside. Insertions get no marker on a code line at all: their
 * text is on the CodeLens row between the lines (codeLens.ts); the hover has the whole diff.
 */
function ghost(doc: vscode.TextDocument, hunk: LineHunk, hoverMessage: vscode.MarkdownString): vscode.DecorationOptions | undefined {
  if (hunk.oldLines.length === 0) return undefined;
  const contentText =
    hunk.newLines.length === 0 ? `  ⌫ remove ${plural(hunk.oldLines.length, 'line')}` : `  → ${plural(hunk.newLines.length, 'new line')} (above)`;
  const last = doc.lineCount - 1;
  const line = Math.max(0, Math.min(hunk.startLine + hunk.oldLines.length - 1, last));
  const end = doc.lineAt(line).range.end;
  return { range: new vscode.Range(end, end), hoverMessage, renderOptions: { after: { contentText, color: color('editorGhostText.foreground'), fontStyle: 'italic' } } };
}

function pendingHover({ fileId, hunk }: PlacedHunk): vscode.MarkdownString {
  const args = encodeURIComponent(JSON.stringify([fileId, hunk.id]));
  const md = new vscode.MarkdownString(
    `**Flowpair proposal ${hunk.id}**${hunk.match && hunk.match !== 'exact' ? ` (matched ${hunk.match})` : ''} — ` +
      `[Accept](command:flowpair.acceptHunk?${args}) · [Reject](command:flowpair.rejectHunk?${args})\n\n${diffBlock(hunk)}`,
  );
  md.isTrusted = { enabledCommands: ['flowpair.acceptHunk', 'flowpair.rejectHunk'] };
  return md;
}

function reasonHover(title: string, hunk: LineHunk): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**Flowpair: ${title}** (${hunk.id}): `);
  md.appendText(hunk.reason ?? 'unknown reason');
  md.appendMarkdown(`\n\n${diffBlock(hunk)}`);
  return md;
}

/** A ```diff block, fenced longer than any backtick run in the lines so they cannot close it. */
function diffBlock(hunk: LineHunk): string {
  return fenced([...hunk.oldLines.map((l) => `-${l}`), ...hunk.newLines.map((l) => `+${l}`)].join('\n'), 'diff');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
