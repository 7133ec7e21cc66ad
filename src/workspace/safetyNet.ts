// The safety net around accepts (vscode side): a checkpoint before a turn's first write, a journal
// line per decision, restores as one undoable workspace edit, and the checks after accepts (the
// user's opt-in command as a VS Code task; with none, new error diagnostics in the touched files).
// It emits per-turn safety views as domain events; the ui layer presents them on the turn.
import { join } from 'node:path';
import * as vscode from 'vscode';
import * as notify from '../notify';
import type { TurnSafetyView } from '../protocol';
import { CheckpointStore, type RestoreChange } from '../safety/checkpoints';
import { GateScheduler, introducedErrors, introducedSummary, runCheck, type ErrorKey } from '../safety/gate';
import { Journal, textRef, type JournalEntry } from '../safety/journal';
import type { DecisionEvent, ProposalStore } from './proposals';

export const CHECKPOINT_SCHEME = 'flowpair-checkpoint';
const CHECK_TASK_TYPE = 'flowpair-check';
/** How long after an accept new errors still count as the edit's (language servers take a moment). */
const DIAGNOSTICS_WINDOW_MS = 8_000;
const GATE_DEBOUNCE_MS = 1_500;
const MAX_CHECKPOINTS = 200;

export interface TurnRecord {
  turnId: string;
  origin: string;
  prompt: string;
  model: string;
  provider: string;
  transport?: string;
  ttftMs?: number;
  outputTokens?: number;
}

export interface SafetyNetOptions {
  /** The extension's workspace storage folder (journal and checkpoints live there). */
  storage: vscode.Uri;
  proposals: ProposalStore;
  /** The conversation shown now: a turn first seen belongs to it. */
  currentConversation: () => string;
  /** The shown conversation's turn ids in order (for "restore to before this turn" and "revert all"). */
  turnIds: () => readonly string[];
  /** Whether a path is excluded from what the model sees: its content never goes into the journal. */
  isExcluded: (uri: vscode.Uri) => boolean;
  /** The connection log (one line per check run). */
  log: (line: string) => void;
}

export class SafetyNet implements vscode.Disposable {
  readonly journal: Journal;
  private readonly checkpoints: CheckpointStore;
  private readonly views = new Map<string, TurnSafetyView>();
  /** Which conversation each turn belongs to, fixed when the turn is first seen. */
  private readonly turnConversation = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<{ turnId: string; safety: TurnSafetyView }>();
  private readonly records = new vscode.EventEmitter<void>();
  /** A journal record was written. */
  readonly onDidRecord = this.records.event;
  /** A turn's checkpoint or check result changed: the composer shows it on the turn. */
  readonly onDidChangeTurn = this.changed.event;
  private readonly gate: GateScheduler<string>;
  /** Checkpoint contents shown in a diff before a restore, by key. */
  private readonly previews = new Map<string, string>();
  /** Each turn's accepted hunks ("path:line" and new text), the context of "Fix this failure". */
  private readonly accepted = new Map<string, string[]>();
  private readonly subscriptions: vscode.Disposable[];
  /** Diagnostics watches still inside their window after an accept. */
  private readonly watches = new Set<vscode.Disposable>();

  constructor(private readonly options: SafetyNetOptions) {
    const dir = options.storage.fsPath;
    this.journal = new Journal(join(dir, 'journal.jsonl'));
    this.checkpoints = new CheckpointStore(join(dir, 'checkpoints'));
    this.gate = new GateScheduler(GATE_DEBOUNCE_MS, (turnId, signal) => this.runGate(turnId, signal));
    options.proposals.guardWrites((turnId, files) => this.checkpoint(turnId, files));
    this.subscriptions = [
      this.changed,
      this.records,
      options.proposals.onDidDecide((e) => void this.decided(e).catch((err) => this.fail(err))),
      vscode.workspace.registerTextDocumentContentProvider(CHECKPOINT_SCHEME, { provideTextDocumentContent: (uri) => this.previews.get(uri.query) ?? '' }),
    ];
    const maxAgeDays = vscode.workspace.getConfiguration('flowpair').get<number>('checkpoints.maxAgeDays', 14);
    void this.checkpoints.prune(maxAgeDays * 86_400_000, MAX_CHECKPOINTS).catch(() => undefined);
  }

  conversationOf(turnId: string): string {
    let id = this.turnConversation.get(turnId);
    if (id === undefined) this.turnConversation.set(turnId, (id = this.options.currentConversation()));
    return id;
  }

  /** The conversation's turns in order, as the composer shows them. */
  private turnsOf(conversationId: string): string[] {
    return this.options.turnIds().filter((t) => this.conversationOf(t) === conversationId);
  }

  /** What the composer shows for a turn (after a reload: nothing until the turn is touched again). */
  view(turnId: string): TurnSafetyView | undefined {
    return this.views.get(turnId);
  }

  /** One journal line per finished turn. */
  recordTurn(turn: TurnRecord): void {
    const { turnId, prompt, ...rest } = turn;
    void this.append({ kind: 'turn', conversationId: this.conversationOf(turnId), turnId, ...rest, prompt: textRef(prompt, storeText()) });
  }

  // ---- checkpoints and restores ----------------------------------------------------------------

  private async checkpoint(turnId: string, files: readonly { uri: vscode.Uri; path: string }[]): Promise<void> {
    const contents = await Promise.all(files.map(async (f) => ({ uri: f.uri.toString(), path: f.path, content: await currentText(f.uri) })));
    const conversationId = this.conversationOf(turnId);
    const { checkpoint, added } = await this.checkpoints.capture(conversationId, turnId, contents);
    if (added.length === 0) return;
    await this.append({ kind: 'checkpoint', conversationId, turnId, checkpointId: checkpoint.id, files: added });
    this.update(turnId, { checkpoint: true });
  }

  /** "Restore files to before this turn": this turn's and every later turn's accepted edits are undone. */
  async restoreTurn(turnId: string): Promise<void> {
    const conversationId = this.conversationOf(turnId);
    const turns = this.turnsOf(conversationId);
    const from = turns.indexOf(turnId);
    await this.restore(from < 0 ? [turnId] : turns.slice(from), conversationId, 'turn', turnId);
  }

  /** "Revert all of this conversation's accepted edits". */
  async revertConversation(conversationId: string): Promise<void> {
    await this.restore(this.turnsOf(conversationId), conversationId, 'conversation', undefined);
  }

  private async restore(turnIds: readonly string[], conversationId: string, scope: 'turn' | 'conversation', turnId: string | undefined): Promise<void> {
    const plan = await this.checkpoints.planRestore(turnIds, (uri) => currentText(vscode.Uri.parse(uri)));
    if (plan.changes.length === 0) {
      void notify.info(plan.unchanged.length > 0 ? 'Flowpair: the files are already as they were before; nothing to restore.' : 'Flowpair: no accepted edits to restore.');
      return;
    }
    const chosen = await this.pickChanges(plan.changes, scope);
    if (chosen === undefined) return; // cancelled
    const skipped = plan.changes.filter((c) => !chosen.includes(c)).map((c) => c.path);
    if (chosen.length > 0) {
      const edit = new vscode.WorkspaceEdit();
      const clean = new Set<string>();
      for (const change of chosen) {
        const uri = vscode.Uri.parse(change.uri);
        if (change.target === undefined) edit.deleteFile(uri, { ignoreIfNotExists: true });
        else if (change.current === undefined) edit.createFile(uri, { contents: new TextEncoder().encode(change.target), overwrite: true });
        else {
          const doc = await vscode.workspace.openTextDocument(uri);
          if (!doc.isDirty) clean.add(change.uri);
          edit.replace(uri, doc.validateRange(new vscode.Range(0, 0, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)), change.target);
        }
      }
      // One workspace edit: one Undo puts everything back.
      if (!(await vscode.workspace.applyEdit(edit))) {
        void notify.error('Flowpair: VS Code did not apply the restore (a file may be read-only); nothing was changed.');
        return;
      }
      for (const change of chosen) {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === change.uri);
        if (doc?.isDirty && clean.has(change.uri)) await doc.save();
        await this.checkpoints.recordWrite(change.uri, change.target);
      }
    }
    await this.append({ kind: 'restore', conversationId, scope, ...(turnId !== undefined && { turnId }), restored: chosen.map((c) => c.path), skipped });
    const what = `${chosen.length} file${chosen.length === 1 ? '' : 's'} restored`;
    void notify.info(`Flowpair: ${what}${skipped.length > 0 ? `; skipped (edited since): ${skipped.join(', ')}` : ''}. Undo (Ctrl+Z) puts them back.`);
  }

  /**
   * Shows what a restore will change before it does; files edited since Flowpair wrote them are listed
   * unchecked (skipped) unless the user checks them. Undefined: cancelled.
   */
  private async pickChanges(changes: RestoreChange[], scope: 'turn' | 'conversation'): Promise<RestoreChange[] | undefined> {
    type Item = vscode.QuickPickItem & { change: RestoreChange };
    const diffButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('diff'), tooltip: 'Show what restoring changes' };
    const items: Item[] = changes.map((change) => ({
      change,
      label: change.path,
      description: change.target === undefined ? 'delete (created by Flowpair)' : change.current === undefined ? 'recreate' : 'restore',
      detail: change.editedSince ? '$(warning) edited since Flowpair changed it: skipped unless you check it' : undefined,
      picked: !change.editedSince,
      buttons: change.target !== undefined && change.current !== undefined ? [diffButton] : [],
    }));
    const pick = vscode.window.createQuickPick<Item>();
    pick.title = scope === 'turn' ? 'Restore files to before this turn' : "Revert this conversation's accepted edits";
    pick.placeholder = 'Checked files are restored (Enter); unchecked ones are left as they are';
    pick.canSelectMany = true;
    pick.ignoreFocusOut = true;
    pick.items = items;
    pick.selectedItems = items.filter((i) => i.picked);
    return new Promise((resolve) => {
      let result: RestoreChange[] | undefined;
      pick.onDidTriggerItemButton(({ item }) => void this.showDiff(item.change));
      pick.onDidAccept(() => {
        result = pick.selectedItems.map((i) => i.change);
        pick.hide();
      });
      pick.onDidHide(() => {
        pick.dispose();
        resolve(result);
      });
      pick.show();
    });
  }

  private async showDiff(change: RestoreChange): Promise<void> {
    const key = `${Date.now().toString(36)}-${this.previews.size}`;
    this.previews.set(key, change.target ?? '');
    const target = vscode.Uri.from({ scheme: CHECKPOINT_SCHEME, path: `/${change.path}`, query: key });
    await vscode.commands.executeCommand('vscode.diff', vscode.Uri.parse(change.uri), target, `${change.path}: now ↔ after restore`, { preview: true, preserveFocus: true });
  }

  // ---- decisions, checks -----------------------------------------------------------------------

  private async decided(e: DecisionEvent): Promise<void> {
    const conversationId = this.conversationOf(e.turnId);
    const secret = e.uri !== undefined && this.options.isExcluded(e.uri);
    for (const h of e.hunks) {
      await this.append({
        kind: 'decision',
        conversationId,
        turnId: e.turnId,
        file: e.path,
        line: h.line,
        lines: h.lines,
        // What landed is the user's text, not the model's: the journal says so.
        decision: e.decision === 'accepted' && h.edited ? 'accepted-with-changes' : e.decision,
        via: e.via,
        ...(!secret && { added: textRef(h.added, storeText()) }),
      });
    }
    // An edit of the review diff decides without writing the file.
    if (e.uri === undefined || e.decision === 'rejected' || e.via === 'edit') return;
    // Flowpair's own write (an accept, or the editor undoing/redoing one) is the baseline for "edited since".
    await this.checkpoints.recordWrite(e.uri.toString(), await currentText(e.uri));
    if (e.decision !== 'accepted') return;
    const list = this.accepted.get(e.turnId) ?? [];
    for (const h of e.hunks) list.push(secret ? `${e.path}:${h.line} (excluded file: content not shown)` : `${e.path}:${h.line}\n${h.added}`);
    this.accepted.set(e.turnId, list);
    if (checkCommand() !== undefined) {
      if (vscode.workspace.isTrusted) this.gate.request(e.turnId);
    } else this.watchDiagnostics(e.turnId, e.uri, e.path);
  }

  /** Runs the check command now (the "Run Check" command), about the given or the latest turn. */
  async runCheckNow(turnId: string): Promise<void> {
    this.options.log(`check requested for turn ${turnId} (command: ${checkCommand() ?? 'none'}, trusted: ${vscode.workspace.isTrusted})`);
    if (checkCommand() === undefined) {
      void notify.info('Flowpair: set flowpair.check.command (e.g. "npm test" or "tsc --noEmit") to run a check after accepts.');
      return;
    }
    if (!vscode.workspace.isTrusted) {
      void notify.warn('Flowpair: checks run only in a trusted workspace.');
      return;
    }
    await this.gate.runNow(turnId);
  }

  /** For "Fix this failure": what failed (the output's tail or the new errors) and the turn's accepted hunks. */
  failureContext(turnId: string): string | undefined {
    const check = this.views.get(turnId)?.check;
    if (check === undefined || (check.state !== 'failed' && check.state !== 'errors')) return undefined;
    const hunks = this.accepted.get(turnId) ?? [];
    const what = check.state === 'failed' ? `The check \`${checkCommand() ?? ''}\` failed after these edits were accepted. Its output ends with:\n\n${check.tail ?? ''}` : `After these edits were accepted, ${check.summary}.`;
    return `${what}\n\nThe accepted edits (file:line, then the new text):\n\n${hunks.join('\n\n')}`;
  }

  cancelCheck(): void {
    this.gate.cancel();
  }

  private async runGate(turnId: string, signal: AbortSignal): Promise<void> {
    const command = checkCommand();
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (command === undefined || folder === undefined || !vscode.workspace.isTrusted) return;
    this.options.log(`check running for turn ${turnId}: ${command}`);
    this.update(turnId, { check: { state: 'running', summary: command } });
    const write = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<number>();
    let finished!: (r: Awaited<ReturnType<typeof runCheck>>) => void;
    const result = new Promise<Awaited<ReturnType<typeof runCheck>>>((r) => (finished = r));
    const stop = new AbortController();
    signal.addEventListener('abort', () => stop.abort(), { once: true });
    // A task with a pseudoterminal: the user sees the run in the terminal and can stop it there, and
    // Flowpair gets the exit code and the output tail.
    const pty: vscode.Pseudoterminal = {
      onDidWrite: write.event,
      onDidClose: close.event,
      open: () => {
        write.fire(`> ${command}\r\n`);
        void runCheck(command, folder.uri.fsPath, stop.signal, (chunk) => write.fire(chunk.replace(/\r?\n/g, '\r\n'))).then((r) => {
          finished(r);
          close.fire(r.exitCode ?? 1);
        });
      },
      close: () => stop.abort(),
    };
    const task = new vscode.Task({ type: CHECK_TASK_TYPE }, folder, 'check', 'Flowpair', new vscode.CustomExecution(async () => pty));
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, focus: false, clear: true };
    const execution = await vscode.tasks.executeTask(task);
    signal.addEventListener('abort', () => execution.terminate(), { once: true });
    const r = await result;
    this.options.log(`check ${r.status} (exit ${r.exitCode ?? '?'}) in ${Math.round(r.durationMs)} ms for turn ${turnId}`);
    write.dispose();
    close.dispose();
    const status = r.status;
    const summary = status === 'passed' ? `${command} passed` : status === 'cancelled' ? `${command} cancelled` : `${command} failed (exit ${r.exitCode ?? '?'})`;
    this.update(turnId, { check: { state: status, summary, durationMs: Math.round(r.durationMs), tail: status === 'failed' ? r.tail : '' } });
    await this.append({ kind: 'gate', conversationId: this.conversationOf(turnId), turnId, source: 'command', status, durationMs: Math.round(r.durationMs), summary });
  }

  /** With no check command: errors that appear in the accepted file within a few seconds are the edit's. */
  private watchDiagnostics(turnId: string, uri: vscode.Uri, path: string): void {
    const key = uri.toString();
    const before = new Map([[path, errorsOf(uri)]]);
    let reported = false;
    const check = () => {
      const introduced = introducedErrors(before, new Map([[path, errorsOf(uri)]]));
      const summary = introducedSummary(introduced);
      if (summary === undefined || reported) return;
      reported = true;
      this.update(turnId, { check: { state: 'errors', summary } });
      void this.append({ kind: 'gate', conversationId: this.conversationOf(turnId), turnId, source: 'diagnostics', status: 'errors', summary });
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) check();
    });
    // Each watch ends by itself after the window; only the ones still running are kept for dispose().
    const watch = { dispose: () => (clearTimeout(timer), sub.dispose(), this.watches.delete(watch)) };
    const timer = setTimeout(() => watch.dispose(), DIAGNOSTICS_WINDOW_MS);
    this.watches.add(watch);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private update(turnId: string, patch: Partial<TurnSafetyView>): void {
    const safety: TurnSafetyView = { checkpoint: false, ...this.views.get(turnId), ...patch };
    this.views.set(turnId, safety);
    this.changed.fire({ turnId, safety });
  }

  private append(entry: JournalEntry): Promise<void> {
    return this.journal.append(entry).then(
      () => this.records.fire(),
      (e) => this.fail(e),
    );
  }

  private fail(e: unknown): void {
    void notify.error(`Flowpair: the edit journal could not be written: ${e instanceof Error ? e.message : String(e)}`);
  }

  dispose(): void {
    this.gate.cancel();
    for (const w of [...this.watches]) w.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

/** The buffer's text when the file is open (what accepts edit), else the file on disk; undefined: no such file. */
async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open !== undefined) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

function errorsOf(uri: vscode.Uri): ErrorKey[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
    .map((d) => ({ message: d.message, ...(d.code !== undefined && { code: String(typeof d.code === 'object' ? d.code.value : d.code) }) }));
}

function checkCommand(): string | undefined {
  const command = vscode.workspace.getConfiguration('flowpair').get<string>('check.command', '').trim();
  return command === '' ? undefined : command;
}

const storeText = () => vscode.workspace.getConfiguration('flowpair').get<boolean>('journal.storeText', false);
