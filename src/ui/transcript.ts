import type { FileCardView, HostToWebview, HunkView, TurnStatsView, TurnView } from '../protocol';

/**
 * The host's copy of what the composer shows. The webview gets it whole only in `init` (when it is
 * created); every change goes out as a delta through `post`. Text goes out at once when nothing was
 * sent in the last frame (the first token, the end of a pause); while the model streams faster, the
 * deltas of one frame are coalesced into one `turnText`, so the webview (which paints per frame)
 * never waits on a host timer for text it could already show.
 */
export class Transcript {
  readonly turns: TurnView[] = [];
  readonly files: FileCardView[] = [];
  private readonly turnsById = new Map<string, TurnView>();
  private readonly filesById = new Map<string, FileCardView>();
  private readonly pendingText = new Map<string, string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTextPostAt = -Infinity;

  constructor(private readonly post: (message: HostToWebview) => void, private readonly frameMs = 16) {}

  startTurn(turn: Omit<TurnView, 'text' | 'notices' | 'status'>): TurnView {
    const view: TurnView = { ...turn, text: '', notices: [], status: 'streaming' };
    this.turns.push(view);
    this.turnsById.set(view.id, view);
    this.post({ type: 'turnStarted', turn: view });
    return view;
  }

  appendText(turnId: string, delta: string): void {
    const turn = this.turn(turnId);
    if (!turn || delta === '') return;
    turn.text += delta;
    this.pendingText.set(turnId, (this.pendingText.get(turnId) ?? '') + delta);
    if (this.flushTimer) return;
    const wait = this.lastTextPostAt + this.frameMs - performance.now();
    if (wait <= 0) this.flush();
    else this.flushTimer = setTimeout(() => this.flush(), wait);
  }

  notice(turnId: string, text: string): void {
    this.flush();
    this.turn(turnId)?.notices.push(text);
    this.post({ type: 'turnNotice', turnId, text });
  }

  endTurn(turnId: string, status: Exclude<TurnView['status'], 'streaming'>, stats?: TurnStatsView, error?: TurnView['error']): void {
    this.flush();
    const turn = this.turn(turnId);
    if (!turn) return;
    Object.assign(turn, { status, stats, error });
    this.post({ type: 'turnEnded', turnId, status, stats, error });
  }

  addFile(file: FileCardView): void {
    this.flush();
    this.files.push(file);
    this.filesById.set(file.id, file);
    this.post({ type: 'fileCard', file });
  }

  /**
   * Brings a file card's hunks in line with the proposal's: new ones are appended, changed ones
   * updated, vanished ones (merged into a neighbour) removed — each as its own small delta.
   */
  syncHunks(fileId: string, hunks: readonly HunkView[]): void {
    const file = this.file(fileId);
    if (!file) return;
    this.flush();
    const next = new Map(hunks.map((h) => [h.id, h]));
    const previous = new Map<string, HunkView>();
    for (const old of file.hunks) {
      if (!next.has(old.id)) this.post({ type: 'hunkRemoved', fileId, hunkId: old.id });
      previous.set(old.id, old);
    }
    const added: HunkView[] = [];
    for (const hunk of hunks) {
      const old = previous.get(hunk.id);
      if (!old) added.push(hunk);
      else if (!sameHunk(old, hunk)) this.post({ type: 'hunkUpdated', fileId, hunk });
    }
    file.hunks = [...hunks];
    if (added.length > 0) this.post({ type: 'hunksAdded', fileId, hunks: added });
  }

  turn(id: string): TurnView | undefined {
    return this.turnsById.get(id);
  }

  file(id: string): FileCardView | undefined {
    return this.filesById.get(id);
  }

  /** Sends the text that is still waiting for its frame. */
  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingText.size === 0) return;
    for (const [turnId, delta] of this.pendingText) this.post({ type: 'turnText', turnId, delta });
    this.pendingText.clear();
    this.lastTextPostAt = performance.now();
  }
}

function sameHunk(a: HunkView, b: HunkView): boolean {
  return (
    a.status === b.status &&
    a.reason === b.reason &&
    a.line === b.line &&
    a.removed.length === b.removed.length &&
    a.added.length === b.added.length &&
    a.removed.every((l, i) => l === b.removed[i]) &&
    a.added.every((l, i) => l === b.added[i])
  );
}
