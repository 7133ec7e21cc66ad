// The composer's context chips: the active file, its selection and its problems follow the editor;
// files the user adds stay until removed. A whole file the user removed stays removed — whatever
// editor opens it, a patch included — until they add it back. The chips go to the webview (with
// what the next request will carry against the model's window) whenever the editor moves; the text
// is built only when a prompt is sent. An editor switch shows the chips at once, from memory (the
// exclusion by path; what reading the disk adds — symbolic links — follows a moment later, and a
// send always checks it); selection drags and diagnostics bursts are coalesced in queues of their
// own, so a linter streaming problems never holds the chips back from the editor. A view equal to
// the one shown is not sent again.
// Files are named relative to their own folder, prefixed with the folder's name in a multi-root
// workspace only (asRelativePath's default: `true` would prefix it in a single folder too): the
// name a patch path needs to land in that folder.
import * as vscode from 'vscode';
import type { ContextBudget, ContextView } from '../protocol';
import { pickWorkspaceFile } from './addFilePicker';
import { WorkspaceFileIndex } from './fileIndex';
import { excludedByPath, excludedReason } from './exclusions';
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
  /** The view last sent, to send only a changed one. */
  private sent = '';
  /** The added files' chips as last read from the disk (the editor-follow view reuses them). */
  private addedParts: ContextPart[] = [];
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
      vscode.window.onDidChangeActiveTextEditor(() => this.follow()),
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

  /** The chips and the text they stand for, as of now, every exclusion checked on the disk too. */
  async parts(): Promise<ContextPart[]> {
    const editor = vscode.window.activeTextEditor;
    const active = editor?.document.uri.scheme === 'file' ? this.activeParts(editor, await excludedBy(editor.document.uri)) : undefined;
    const added: ContextPart[] = [];
    for (const [path, uri] of this.added) {
      if (path === active?.path) continue;
      let excluded = await excludedBy(uri);
      const text = excluded.excluded ? undefined : await readText(uri);
      if (text === undefined && !excluded.excluded) excluded = { excluded: 'not a readable text file' };
      added.push(part({ id: fileChipId(path), kind: 'file', label: path, ...excluded }, text && fileText(path, languageOf(path), text)));
    }
    this.addedParts = added;
    return this.visible([...(active?.parts ?? []), ...added]);
  }

  /** The chips at once, without the disk: the active file excluded by its path alone, the added files as last read. */
  private partsAtOnce(): ContextPart[] {
    const editor = vscode.window.activeTextEditor;
    const active = editor?.document.uri.scheme === 'file' ? this.activeParts(editor, excludedAtOnce(editor.document.uri)) : undefined;
    return this.visible([...(active?.parts ?? []), ...this.addedParts.filter((p) => p.chip.label !== active?.path)]);
  }

  private visible(parts: ContextPart[]): ContextPart[] {
    return parts.filter((p) => !this.removedFollowing.has(p.chip.id));
  }

  /** The active file, its selection and its problems. */
  private activeParts(editor: vscode.TextEditor, excluded: { excluded?: string }): { path: string; parts: ContextPart[] } {
    const parts: ContextPart[] = [];
    const doc = editor.document;
    if (this.activeKey !== doc.uri.toString()) {
      this.activeKey = doc.uri.toString();
      this.removedFollowing.clear();
    }
    const path = vscode.workspace.asRelativePath(doc.uri);
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
    return { path, parts };
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
      const path = vscode.workspace.asRelativePath(uri);
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

  /** The editor moved: its chips are shown from memory now, and checked on the disk right after. */
  private follow(): void {
    try {
      this.show(++this.started, this.partsAtOnce());
    } catch (error) {
      this.options.log?.(`context: could not update the chips: ${error instanceof Error ? error.message : String(error)}`);
    }
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const id = ++this.started;
    try {
      this.show(id, await this.parts());
    } catch (error) {
      this.options.log?.(`context: could not update the chips: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Sends the view of refresh `id`, unless a newer one was shown already or it is the view shown. */
  private show(id: number, parts: readonly ContextPart[]): void {
    if (id < this.shown) return;
    this.shown = id;
    this.current = contextView(parts, this.options.budget(), this.options.attachedTokens?.(parts));
    const view = JSON.stringify(this.current);
    if (view === this.sent) return;
    this.sent = view;
    this.options.onChange(this.current);
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

/** The same judgement without the disk: by the path alone (a symbolic link's target is checked by excludedBy). */
function excludedAtOnce(uri: vscode.Uri): { excluded?: string } {
  if (!vscode.workspace.isTrusted) return { excluded: 'not sent in Restricted Mode' };
  const reason = excludedByPath(uri);
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
