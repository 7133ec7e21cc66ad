import type { FileCardView, HostToWebview, HunkStatus, HunkView, TurnStatsView, TurnView } from '../protocol';

/**
 * The host's copy of what the composer shows. The webview gets it whole only in `init` (when it is
 * created); every change goes out as a delta through `post`. Text deltas are coalesced so the
 * webview gets at most one `turnText` per turn per frame, however fast the model streams.
 */
export class Transcript {
  readonly turns: TurnView[] = [];
  readonly files: FileCardView[] = [];
  private readonly pendingText = new Map<string, string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly post: (message: HostToWebview) => void, private readonly frameMs = 16) {}

  startTurn(turn: Omit<TurnView, 'text' | 'notices' | 'status'>): TurnView {
    const view: TurnView = { ...turn, text: '', notices: [], status: 'streaming' };
    this.turns.push(view);
    this.post({ type: 'turnStarted', turn: view });
    return view;
  }

  appendText(turnId: string, delta: string): void {
    const turn = this.turn(turnId);
    if (!turn || delta === '') return;
    turn.text += delta;
    this.pendingText.set(turnId, (this.pendingText.get(turnId) ?? '') + delta);
    this.flushTimer ??= setTimeout(() => this.flush(), this.frameMs);
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
    this.post({ type: 'fileCard', file });
  }

  addHunks(fileId: string, hunks: HunkView[]): void {
    const file = this.file(fileId);
    if (!file || hunks.length === 0) return;
    this.flush();
    file.hunks.push(...hunks);
    this.post({ type: 'hunksAdded', fileId, hunks });
  }

  setHunkStatus(fileId: string, hunkId: string, status: HunkStatus, reason?: string): void {
    const hunk = this.file(fileId)?.hunks.find((h) => h.id === hunkId);
    if (!hunk || (hunk.status === status && hunk.reason === reason)) return;
    hunk.status = status;
    hunk.reason = reason;
    this.post({ type: 'hunkStatus', fileId, hunkId, status, reason });
  }

  turn(id: string): TurnView | undefined {
    return this.turns.find((t) => t.id === id);
  }

  file(id: string): FileCardView | undefined {
    return this.files.find((f) => f.id === id);
  }

  /** Sends the text that is still waiting for its frame. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const [turnId, delta] of this.pendingText) this.post({ type: 'turnText', turnId, delta });
    this.pendingText.clear();
  }
}
