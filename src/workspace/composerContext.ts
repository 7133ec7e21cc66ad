// The composer's context chips: the active file, its selection and its problems follow the editor;
// files the user adds stay until removed. A whole file the user removed stays removed — whatever
// editor opens it, a patch included — until they add it back. The chips go to the webview (with
// what the next request will carry against the model's window) whenever the editor moves; the text
// is built only when a prompt is sent. An editor switch refreshes the chips at once; selection
// drags and diagnostics bursts are coalesced in queues of their own, so a linter streaming problems
// never holds the chips back from the editor.
// Files are named relative to their own folder, prefixed with the folder's name in a multi-root
// workspace: the name a patch path needs to land in that folder.
import * as vscode from 'vscode';
import type { ContextBudget, ContextView } from '../protocol';
import { pickWorkspaceFile } from './addFilePicker';
import { WorkspaceFileIndex } from './fileIndex';
import { excludedReason } from './exclusions';
import { contextView, diagnosticsText, fileText, part, selectionText, type ContextPart } from './contextParts';
import { RefreshQueue } from './refreshQueue';

/** Selection drags refresh at most this often, diagnostics bursts at most every DIAGNOSTICS_SPACING_MS; an editor switch right away. */
const REFRESH_SPACING_MS = 50;
const DIAGNOSTICS_SPACING_MS = 250;
const SEVERITY = ['error', 'warning', 'info', 'hint'];

export interface ComposerContextOptions {
  onChange: (view: ContextView) => void;
  /** What the next request carries besides the attachments, and the window it must fit. */
  budget: () => ContextBudget;
  /** What the attachments add to the next request (the conversation may hold them already). */
  attachedTokens?: (parts: readonly ContextPart[]) => number;
  /** After "Add file…" closes, the prompt gets the focus back. */
  onPicked?: () => void;
  log?: (line: string) => void;
}

export class ComposerContext implements vscode.Disposable {
  /** Files added with "Add file…", by workspace-relative path. */
  private readonly added = new Map<string, vscode.Uri>();
  /** Whole files the user removed, by path: hidden until added back. */
  private readonly removedFiles = new Set<string>();
  /** Selection and problem chips removed while this file is active; they follow the editor. */
  private readonly removedFollowing = new Set<string>();
  private activeKey: string | undefined;
  private readonly queue: RefreshQueue;
  private readonly diagnosticsQueue: RefreshQueue;
  /** Refreshes started and the newest one shown: an older refresh that ends later never overwrites a newer view. */
  private started = 0;
  private shown = 0;
  private readonly index: WorkspaceFileIndex;
  private readonly subscriptions: vscode.Disposable[];

  /** The chips as last sent to the composer (for its snapshot when it is re-created). */
  current: ContextView;

  constructor(private readonly options: ComposerContextOptions) {
    this.current = contextView([], options.budget());
    this.index = new WorkspaceFileIndex(options.log);
    this.queue = new RefreshQueue(() => this.refresh(), REFRESH_SPACING_MS);
    this.diagnosticsQueue = new RefreshQueue(() => this.refresh(), DIAGNOSTICS_SPACING_MS);
    const update = () => this.scheduleUpdate();
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      vscode.window.onDidChangeTextEditorSelection((e) => e.textEditor === vscode.window.activeTextEditor && update()),
      // Only the active file's problems are shown: other files' diagnostics never cost a refresh.
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active !== undefined && e.uris.some((u) => u.toString() === active)) this.diagnosticsQueue.request();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('flowpair.context') && update()),
      this.queue,
      this.diagnosticsQueue,
      this.index,
    ];
  }

  /** The chips and the text they stand for, as of now. */
  async parts(): Promise<ContextPart[]> {
    const parts: ContextPart[] = [];
    const editor = vscode.window.activeTextEditor;
    let activePath: string | undefined;
    if (editor && editor.document.uri.scheme === 'file') {
      const doc = editor.document;
      if (this.activeKey !== doc.uri.toString()) {
        this.activeKey = doc.uri.toString();
        this.removedFollowing.clear();
      }
      const path = vscode.workspace.asRelativePath(doc.uri, true);
      activePath = path;
      const excluded = await excludedBy(doc.uri);
      if (!this.removedFiles.has(path)) {
        const text = doc.getText();
        parts.push(part({ id: fileChipId(path), kind: 'file', label: path, ...excluded }, text ? fileText(path, doc.languageId, text) : undefined));
      }
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
    for (const [path, uri] of this.added) {
      if (path === activePath) continue;
      let excluded = await excludedBy(uri);
      const text = excluded.excluded ? undefined : await readText(uri);
      if (text === undefined && !excluded.excluded) excluded = { excluded: 'not a readable text file' };
      parts.push(part({ id: fileChipId(path), kind: 'file', label: path, ...excluded }, text && fileText(path, languageOf(path), text)));
    }
    return parts.filter((p) => !this.removedFollowing.has(p.chip.id));
  }

  remove(chipId: string): void {
    if (chipId.startsWith(FILE_CHIP)) {
      const path = chipId.slice(FILE_CHIP.length);
      this.added.delete(path);
      this.removedFiles.add(path);
    } else {
      this.removedFollowing.add(chipId);
    }
    this.scheduleUpdate();
  }

  /** "Add file…": the whole workspace, searched as the user types. Adding a removed file brings it back. */
  async addFile(): Promise<void> {
    try {
      const uri = await pickWorkspaceFile(this.index);
      if (!uri) return;
      const path = vscode.workspace.asRelativePath(uri, true);
      this.removedFiles.delete(path);
      this.added.set(path, uri);
      this.scheduleUpdate();
    } finally {
      this.options.onPicked?.();
    }
  }

  scheduleUpdate(): void {
    this.queue.request();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private async refresh(): Promise<void> {
    const id = ++this.started;
    try {
      const parts = await this.parts();
      if (id < this.shown) return; // a newer refresh already showed what is current
      this.shown = id;
      this.current = contextView(parts, this.options.budget(), this.options.attachedTokens?.(parts));
      this.options.onChange(this.current);
    } catch (error) {
      this.options.log?.(`context: could not update the chips: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

const FILE_CHIP = 'file:';
const fileChipId = (path: string) => `${FILE_CHIP}${path}`;

/** Nothing from the workspace is sent in Restricted Mode; otherwise the exclusion list decides. */
async function excludedBy(uri: vscode.Uri): Promise<{ excluded?: string }> {
  if (!vscode.workspace.isTrusted) return { excluded: 'not sent in Restricted Mode' };
  const reason = await excludedReason(uri);
  return reason ? { excluded: reason } : {};
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
