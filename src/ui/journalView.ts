// "Flowpair: Show Edit Journal": the journal as a tree in the Flowpair side bar — conversations, their
// turns, and under each turn its decisions, checkpoints, restores and checks. A decision opens its file
// at the hunk's line; a turn reveals the composer. Filter by conversation, file or decision; export.
import * as vscode from 'vscode';
import * as notify from '../notify';
import { filterJournal, type Decision, type Journal, type JournalFilter, type JournalRecord } from '../safety/journal';

type Node =
  | { kind: 'conversation'; id: string; records: JournalRecord[] }
  | { kind: 'turn'; conversationId: string; turnId: string; turn: Extract<JournalRecord, { kind: 'turn' }> | undefined; records: JournalRecord[] }
  | { kind: 'record'; record: JournalRecord };

const DECISION_ICON: Record<Decision, string> = {
  accepted: 'check',
  'accepted-with-changes': 'edit',
  rejected: 'close',
  stale: 'warning',
  dismissed: 'circle-slash',
  undone: 'discard',
  redone: 'redo',
};

export class JournalView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  static readonly viewId = 'flowpair.journal';
  private filter: JournalFilter = {};
  private records: JournalRecord[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly tree: vscode.TreeView<Node>;

  constructor(
    private readonly journal: Journal,
    private readonly folder: () => vscode.Uri | undefined,
  ) {
    this.tree = vscode.window.createTreeView(JournalView.viewId, { treeDataProvider: this, showCollapseAll: true });
    this.tree.onDidChangeVisibility((e) => e.visible && void this.refresh());
  }

  /** The journal grew: read it again if the view is showing (a burst of records reads it once). */
  recorded(): void {
    if (!this.tree.visible) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 150);
  }
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Reads the journal again (after a decision, or when the view is opened). */
  async refresh(): Promise<void> {
    const { records, skipped } = await this.journal.read();
    this.records = records;
    const active = Object.entries(this.filter).map(([k, v]) => `${k}: ${String(v)}`);
    this.tree.description = active.length > 0 ? `filtered (${active.join(', ')})` : undefined;
    this.tree.message = records.length === 0 ? 'No turns recorded yet. Accept or reject a proposed change and it appears here.' : skipped > 0 ? `${skipped} damaged line(s) skipped.` : undefined;
    this.changed.fire();
  }

  async show(): Promise<void> {
    await this.refresh();
    await vscode.commands.executeCommand(`${JournalView.viewId}.focus`);
  }

  /** Asks what to filter by (conversation, file or decision), or clears the filter. */
  async pickFilter(): Promise<void> {
    await this.refresh();
    const by = await vscode.window.showQuickPick(['Conversation', 'File', 'Decision', 'Clear filter'], { title: 'Filter the edit journal by' });
    if (by === undefined) return;
    if (by === 'Clear filter') this.filter = {};
    else if (by === 'Decision') {
      const d = await vscode.window.showQuickPick(Object.keys(DECISION_ICON), { title: 'Decision' });
      if (d !== undefined) this.filter = { ...this.filter, decision: d as Decision };
    } else {
      const values = [...new Set(this.records.flatMap((r) => (by === 'File' ? (r.kind === 'decision' ? [r.file] : []) : [r.conversationId])))];
      const v = await vscode.window.showQuickPick(values, { title: by });
      if (v !== undefined) this.filter = by === 'File' ? { ...this.filter, file: v } : { ...this.filter, conversationId: v };
    }
    await this.refresh();
  }

  async export(): Promise<void> {
    const folder = this.folder();
    const target = await vscode.window.showSaveDialog({
      title: 'Export Edit Journal',
      filters: { 'JSON Lines': ['jsonl'] },
      ...(folder && { defaultUri: vscode.Uri.joinPath(folder, 'flowpair-journal.jsonl') }),
    });
    if (target === undefined) return;
    const count = await this.journal.export(target.fsPath, this.filter);
    void notify.info(`Flowpair: exported ${count} journal record${count === 1 ? '' : 's'}.`);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.tree.dispose();
    this.changed.dispose();
  }

  getChildren(node?: Node): Node[] {
    const records = filterJournal(this.records, this.filter);
    if (node === undefined) {
      const byConversation = groupBy(records, (r) => r.conversationId);
      return [...byConversation].map(([id, rs]) => ({ kind: 'conversation', id, records: rs }));
    }
    if (node.kind === 'conversation') {
      const byTurn = groupBy(node.records.filter(hasTurn), (r) => r.turnId);
      const turns: Node[] = [...byTurn].map(([turnId, rs]) => ({
        kind: 'turn',
        conversationId: node.id,
        turnId,
        turn: rs.find((r): r is Extract<JournalRecord, { kind: 'turn' }> => r.kind === 'turn'),
        records: rs.filter((r) => r.kind !== 'turn'),
      }));
      const restores: Node[] = node.records.filter((r) => r.kind === 'restore' && r.turnId === undefined).map((record) => ({ kind: 'record', record }));
      return [...turns, ...restores];
    }
    if (node.kind === 'turn') return node.records.map((record) => ({ kind: 'record', record }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'conversation': {
        const item = new vscode.TreeItem(`Conversation ${node.id.slice(0, 8)}`, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.records.filter((r) => r.kind === 'decision').length} decisions`;
        item.iconPath = new vscode.ThemeIcon('comment-discussion');
        return item;
      }
      case 'turn': {
        const t = node.turn;
        const label = t ? `${t.origin === 'composer' ? 'Turn' : t.origin === 'fix' ? 'Fix' : 'Edit selection'} · ${t.model}` : `Turn ${node.turnId}`;
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
        item.description = t ? `${time(t.time)} · ${[t.transport, t.ttftMs !== undefined ? `TTFT ${Math.round(t.ttftMs)} ms` : undefined].filter(Boolean).join(' · ')}` : undefined;
        item.tooltip = t ? `${t.provider} · prompt ${t.prompt.text ?? `sha256 ${t.prompt.sha256.slice(0, 12)}… (${t.prompt.chars} chars)`}` : undefined;
        item.iconPath = new vscode.ThemeIcon('sparkle');
        item.command = { command: 'flowpair.openComposer', title: 'Show in Composer' };
        return item;
      }
      case 'record':
        return recordItem(node.record, this.folder());
    }
  }
}

function recordItem(r: JournalRecord, folder: vscode.Uri | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem('', vscode.TreeItemCollapsibleState.None);
  switch (r.kind) {
    case 'decision':
      item.label = `${r.decision} ${r.file}${r.line > 0 ? `:${r.line}` : ''}`;
      item.description = `${r.lines} line${r.lines === 1 ? '' : 's'} · ${r.via} · ${time(r.time)}`;
      item.iconPath = new vscode.ThemeIcon(DECISION_ICON[r.decision]);
      if (folder !== undefined) {
        const line = Math.max(0, r.line - 1);
        item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.joinPath(folder, r.file), { selection: new vscode.Range(line, 0, line, 0), preserveFocus: false }] };
      }
      return item;
    case 'checkpoint':
      item.label = `checkpoint: ${r.files.join(', ')}`;
      item.description = time(r.time);
      item.iconPath = new vscode.ThemeIcon('save');
      return item;
    case 'restore':
      item.label = `restored ${r.restored.length} file${r.restored.length === 1 ? '' : 's'}${r.skipped.length > 0 ? `, skipped ${r.skipped.join(', ')}` : ''}`;
      item.description = `${r.scope === 'turn' ? 'to before this turn' : 'whole conversation'} · ${time(r.time)}`;
      item.iconPath = new vscode.ThemeIcon('history');
      return item;
    case 'gate':
      item.label = `${r.source === 'command' ? 'check' : 'diagnostics'} ${r.status}: ${r.summary}`;
      item.description = `${r.durationMs !== undefined ? `${(r.durationMs / 1000).toFixed(1)} s · ` : ''}${time(r.time)}`;
      item.iconPath = new vscode.ThemeIcon(r.status === 'passed' ? 'pass' : r.status === 'cancelled' ? 'circle-slash' : 'error');
      return item;
    case 'turn':
      item.label = `turn ${r.turnId}`;
      return item;
  }
}

const hasTurn = (r: JournalRecord): r is Extract<JournalRecord, { turnId?: string }> & { turnId: string } => 'turnId' in r && typeof r.turnId === 'string';
const time = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
