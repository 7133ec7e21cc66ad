// "Fix with Flowpair" on any diagnostic, and "Edit Selection with Flowpair…": both send the spot
// with its surroundings as a turn, and show in the editor that Flowpair is on it until the turn ends.
import * as vscode from 'vscode';
import { fixContext, selectionContext, type Spot } from './fixContext';
import * as notify from '../notify';
import { excludedReason } from './exclusions';
import type { Prompt } from './prompt';

export interface FixDeps {
  /** Opens and prewarms the connection: the user's intent to ask. */
  warm(): Promise<void>;
  /** Runs a turn; resolves when it ended. */
  send(prompt: Prompt): Promise<void>;
}

const TITLE = 'Fix with Flowpair';
const OWN_SOURCE = 'Flowpair';
const MANAGE_TRUST = 'Manage Workspace Trust';

export class FixActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const diagnostics = context.diagnostics.filter((d) => d.source !== OWN_SOURCE);
    return diagnostics.map((d) => {
      const title = diagnostics.length === 1 ? TITLE : `${TITLE}: ${truncate(d.message, 60)}`;
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.command = { title, command: 'flowpair.fixDiagnostic', arguments: [document.uri, d.range, d.message, d.source, codeOf(d)] };
      return action;
    });
  }
}

/** The commands, with the "⟳ Flowpair is fixing…" marker on the lines being worked on. */
export class FixCommands implements vscode.Disposable {
  private readonly working = vscode.window.createTextEditorDecorationType({
    after: { contentText: '  ⟳ Flowpair is fixing…', color: new vscode.ThemeColor('editorGhostText.foreground'), fontStyle: 'italic' },
  });
  /** Lines being worked on, by document. */
  private readonly busy = new Map<string, number[]>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: FixDeps) {
    this.subscriptions = [
      this.working,
      vscode.commands.registerCommand('flowpair.fixDiagnostic', (uri: vscode.Uri, range: vscode.Range, message: string, source?: string, code?: string) =>
        this.fix(uri, range, message, source, code),
      ),
      vscode.commands.registerCommand('flowpair.editSelection', () => this.editSelection()),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.render(e))),
    ];
  }

  private async fix(uri: vscode.Uri, range: vscode.Range, message: string, source?: string, code?: string): Promise<void> {
    void this.deps.warm().catch(() => undefined); // a failure shows when the turn is sent
    const document = await vscode.workspace.openTextDocument(uri);
    const path = await this.sendablePath(document);
    if (path === undefined) return;
    const spot = spotOf(document, path, range.start.line, range.end.line);
    const context = fixContext(spot, { message, character: range.start.character, ...(source && { source }), ...(code && { code }) });
    await this.run(uri, range.start.line, { text: `Fix: ${message} (${path}:${range.start.line + 1})`, origin: 'fix', context });
  }

  private async editSelection(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined || editor.selection.isEmpty) {
      void notify.info('Flowpair: select the code to edit first.');
      return;
    }
    const path = await this.sendablePath(editor.document);
    if (path === undefined) return;
    void this.deps.warm().catch(() => undefined);
    const { start, end } = editor.selection;
    // A selection ending at the start of a line does not include that line.
    const endLine = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
    const instruction = await vscode.window.showInputBox({
      title: 'Flowpair: Edit Selection',
      prompt: `What should change in ${path}:${start.line + 1}–${endLine + 1}?`,
      placeHolder: 'e.g. handle the empty case, extract a function',
      ignoreFocusOut: true,
    });
    if (!instruction?.trim()) return;
    const spot = spotOf(editor.document, path, start.line, endLine);
    const context = selectionContext(spot, editor.document.getText(editor.selection));
    await this.run(editor.document.uri, start.line, { text: `${instruction.trim()} (${path}:${start.line + 1}–${endLine + 1})`, origin: 'selection', context });
  }

  /**
   * The path to name the file by if it may be sent (relative to its own folder, prefixed with the
   * folder's name in a multi-root workspace, as patch paths are); otherwise says why not, and undefined.
   */
  private async sendablePath(document: vscode.TextDocument): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) {
      void notify.info('Flowpair: Restricted Mode: no workspace content is sent to the model and no edits are applied.', MANAGE_TRUST).then((picked) => {
        if (picked === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
      });
      return undefined;
    }
    if (vscode.workspace.getWorkspaceFolder(document.uri) === undefined) {
      void notify.warn('Flowpair: only files in the workspace folder can be edited (proposals are workspace-relative).');
      return undefined;
    }
    const path = vscode.workspace.asRelativePath(document.uri);
    const excluded = await excludedReason(document.uri);
    if (excluded !== undefined) {
      void notify.warn(`Flowpair: ${path} is not sent to the model: ${excluded}.`);
      return undefined;
    }
    return path;
  }

  private async run(uri: vscode.Uri, line: number, prompt: Prompt): Promise<void> {
    const key = uri.toString();
    this.busy.set(key, [...(this.busy.get(key) ?? []), line]);
    this.renderAll(key);
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Flowpair: ${prompt.text}` }, () => this.deps.send(prompt));
    } catch (e) {
      void notify.error(`Flowpair: could not send: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      const lines = this.busy.get(key) ?? [];
      lines.splice(lines.indexOf(line), 1);
      if (lines.length === 0) this.busy.delete(key);
      this.renderAll(key);
    }
  }

  private renderAll(key: string): void {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === key) this.render(editor);
  }

  private render(editor: vscode.TextEditor): void {
    const last = editor.document.lineCount - 1;
    const lines = this.busy.get(editor.document.uri.toString()) ?? [];
    editor.setDecorations(
      this.working,
      lines.map((l) => editor.document.lineAt(Math.min(l, last)).range.end).map((p) => new vscode.Range(p, p)),
    );
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

function spotOf(document: vscode.TextDocument, path: string, startLine: number, endLine: number): Spot {
  return { path, text: document.getText(), languageId: document.languageId, startLine, endLine };
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
