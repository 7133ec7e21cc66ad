// The composer's context chips: the active file, its selection and its problems follow the editor;
// files the user adds stay until removed. The chips go to the webview (with a token estimate against
// the model's window) whenever the editor moves; the text is built only when a prompt is sent.
import * as vscode from 'vscode';
import { readSettings } from '../config';
import type { ContextView } from '../protocol';
import { matchesAny } from './glob';
import { contextView, diagnosticsText, fileText, part, selectionText, type ContextPart } from './contextParts';

/** The fast model's context window (GPT-5.3-Codex-Spark: 128k tokens). */
export const CONTEXT_WINDOW_TOKENS = 128_000;
const UPDATE_DELAY_MS = 150;
const SEVERITY = ['error', 'warning', 'info', 'hint'];

export class ComposerContext implements vscode.Disposable {
  /** Files added with "Add file…", by URI. */
  private readonly added = new Map<string, vscode.Uri>();
  /** Chips the user removed; editor-following ones come back when the active file changes. */
  private readonly removed = new Set<string>();
  private activeKey: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly onChange: (view: ContextView) => void) {
    const update = () => this.scheduleUpdate();
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(update),
      vscode.window.onDidChangeTextEditorSelection(update),
      vscode.languages.onDidChangeDiagnostics(update),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('flowpair.context') && update()),
    ];
  }

  /** The chips and the text they stand for, as of now. */
  async parts(): Promise<ContextPart[]> {
    const exclude = readSettings().contextExclude;
    const parts: ContextPart[] = [];
    const editor = vscode.window.activeTextEditor;
    if (editor && editor.document.uri.scheme === 'file') {
      const doc = editor.document;
      if (this.activeKey !== doc.uri.toString()) {
        this.activeKey = doc.uri.toString();
        for (const id of this.removed) if (!id.startsWith('file:')) this.removed.delete(id);
      }
      const path = vscode.workspace.asRelativePath(doc.uri, false);
      const excluded = excludedBy(exclude, path);
      parts.push(part({ id: `active:${path}`, kind: 'file', label: path, ...excluded }, doc.getText() && fileText(path, doc.languageId, doc.getText())));
      const sel = editor.selection;
      if (!sel.isEmpty) {
        const text = doc.getText(sel);
        parts.push(
          part(
            { id: `selection:${path}`, kind: 'selection', label: `${path}:${sel.start.line + 1}–${sel.end.line + 1}`, ...excluded },
            selectionText(path, doc.languageId, sel.start.line, sel.end.line, text),
          ),
        );
      }
      const problems = vscode.languages
        .getDiagnostics(doc.uri)
        .filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning)
        .map((d) => ({ line: d.range.start.line, severity: SEVERITY[d.severity]!, message: d.message }));
      if (problems.length > 0) {
        parts.push(
          part(
            { id: `diagnostics:${path}`, kind: 'diagnostics', label: `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${path}`, ...excluded },
            diagnosticsText(path, problems),
          ),
        );
      }
    }
    for (const uri of this.added.values()) {
      const path = vscode.workspace.asRelativePath(uri, false);
      if (parts.some((p) => p.chip.id === `active:${path}`)) continue;
      let excluded = excludedBy(exclude, path);
      const text = excluded.excluded ? undefined : await readText(uri);
      if (text === undefined && !excluded.excluded) excluded = { excluded: 'not a readable text file' };
      parts.push(part({ id: `file:${path}`, kind: 'file', label: path, ...excluded }, text && fileText(path, languageOf(path), text)));
    }
    return parts.filter((p) => !this.removed.has(p.chip.id));
  }

  /** The chips as last sent to the composer (for its snapshot when it is re-created). */
  current: ContextView = { chips: [], usedTokens: 0, limitTokens: CONTEXT_WINDOW_TOKENS };

  async view(): Promise<ContextView> {
    this.current = contextView(await this.parts(), CONTEXT_WINDOW_TOKENS);
    return this.current;
  }

  remove(chipId: string): void {
    this.removed.add(chipId);
    if (chipId.startsWith('file:')) {
      for (const [key, uri] of this.added) if (`file:${vscode.workspace.asRelativePath(uri, false)}` === chipId) this.added.delete(key);
      this.removed.delete(chipId);
    }
    this.scheduleUpdate();
  }

  /** "Add file…": a quick pick over the workspace's files (excluded ones are marked, and never sent). */
  async addFile(): Promise<void> {
    const uris = await vscode.workspace.findFiles('**/*', '{**/node_modules/**,**/.git/**}', 5000);
    const exclude = readSettings().contextExclude;
    const items = uris
      .map((uri) => {
        const path = vscode.workspace.asRelativePath(uri, false);
        const pattern = matchesAny(exclude, path);
        return { label: path, description: pattern ? `never sent: matches ${pattern}` : undefined, uri };
      })
      .sort((a, b) => a.label.localeCompare(b.label));
    const picked = await vscode.window.showQuickPick(items, { title: 'Flowpair: Add File to Context', placeHolder: 'File to attach to your next prompts', matchOnDescription: true });
    if (!picked) return;
    this.added.set(picked.uri.toString(), picked.uri);
    this.scheduleUpdate();
  }

  scheduleUpdate(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.view().then(this.onChange), UPDATE_DELAY_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

function excludedBy(patterns: readonly string[], path: string): { excluded?: string } {
  const pattern = matchesAny(patterns, path);
  return pattern ? { excluded: `matches ${pattern}` } : {};
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    return doc.getText();
  } catch {
    return undefined; // binary or unreadable: the chip shows 0 tokens and sends nothing
  }
}

function languageOf(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}
