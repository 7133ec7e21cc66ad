import { flatText } from '../flatText';
import type { FileCardView, HostToWebview, HunkView, TurnOutcome, TurnStatsView, TurnView } from '../protocol';

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
  /** Per card: hunk id → its index in the card's hunks. */
  private readonly hunkIndex = new Map<string, Map<string, number>>();
  /** Text waiting for its frame, by turn: one output item at a time (another item flushes first). */
  private readonly pendingText = new Map<string, { itemId: string; delta: string }>();
  /** The output item each turn's text last came from. */
  private readonly lastItem = new Map<string, string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTextPostAt = -Infinity;

  constructor(private readonly post: (message: HostToWebview) => void, private readonly frameMs = 16) {}

  /**
   * Replaces what is shown with another conversation's turns and cards (a new one: none). The
   * caller sends the webview a fresh `init`; turns still streaming in the old one post nothing more.
   */
  load(turns: readonly TurnView[], files: readonly FileCardView[]): void {
    this.flush();
    this.turns.length = 0;
    this.files.length = 0;
    this.turnsById.clear();
    this.filesById.clear();
    this.hunkIndex.clear();
    this.lastItem.clear();
    for (const turn of turns) {
      const copy = { ...turn, notices: [...turn.notices] };
      this.turns.push(copy);
      this.turnsById.set(copy.id, copy);
    }
    for (const file of files) {
      const card: FileCardView = { ...file, hunks: [...file.hunks] };
      this.files.push(card);
      this.filesById.set(card.id, card);
      this.hunkIndex.set(card.id, new Map(card.hunks.map((h, i) => [h.id, i])));
    }
  }

  startTurn(turn: Omit<TurnView, 'text' | 'notices' | 'status'>): TurnView {
    const view: TurnView = { ...turn, text: '', notices: [], status: 'streaming' };
    this.turns.push(view);
    this.turnsById.set(view.id, view);
    this.post({ type: 'turnStarted', turn: view });
    return view;
  }

  appendText(turnId: string, itemId: string, delta: string): void {
    const turn = this.turn(turnId);
    if (!turn || delta === '') return;
    const previousItem = this.lastItem.get(turnId);
    this.lastItem.set(turnId, itemId);
    if (previousItem !== undefined && previousItem !== itemId) {
      // A new message item (e.g. after a tool call) is its own paragraph, not glued to the last word.
      this.flush();
      delta = `\n\n${delta}`;
    }
    turn.text += delta;
    const pending = this.pendingText.get(turnId);
    this.pendingText.set(turnId, { itemId, delta: (pending?.delta ?? '') + delta });
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

  endTurn(turnId: string, status: TurnOutcome, stats?: TurnStatsView, error?: TurnView['error']): void {
    this.flush();
    const turn = this.turn(turnId);
    if (!turn) return;
    Object.assign(turn, { status, stats, error, text: flatText(turn.text) });
    this.lastItem.delete(turnId);
    this.post({ type: 'turnEnded', turnId, status, stats, error });
  }

  addFile(file: FileCardView): void {
    this.flush();
    // our own copy: its hunks change in place
    const card: FileCardView = { ...file, hunks: [...file.hunks] };
    this.files.push(card);
    this.filesById.set(card.id, card);
    this.hunkIndex.set(card.id, new Map(card.hunks.map((h, i) => [h.id, i])));
    this.post({ type: 'fileCard', file });
  }

  /**
   * Brings a file card's hunks in line with the proposal's: new ones are appended, changed ones
   * updated, vanished ones (merged into a neighbour) removed — each as its own small delta.
   */
  syncHunks(fileId: string, hunks: readonly HunkView[]): void {
    const file = this.file(fileId);
    if (!file) return;
    const keep = new Set(hunks.map((h) => h.id));
    this.changeHunks(fileId, hunks, file.hunks.filter((h) => !keep.has(h.id)).map((h) => h.id));
  }

  /**
   * Like syncHunks, given only what changed: hunks that are new or may have changed, and the ids of
   * removed ones. Costs what changed, not the size of the card (a patch of many chunks syncs once
   * per chunk).
   */
  changeHunks(fileId: string, changed: readonly HunkView[], removed: readonly string[] = []): void {
    const file = this.file(fileId);
    if (!file) return;
    this.flush();
    let index = this.hunkIndex.get(fileId)!;
    if (removed.length > 0) {
      const gone = new Set(removed.filter((id) => index.has(id)));
      for (const hunkId of gone) this.post({ type: 'hunkRemoved', fileId, hunkId });
      file.hunks = file.hunks.filter((h) => !gone.has(h.id));
      index = new Map(file.hunks.map((h, i) => [h.id, i]));
      this.hunkIndex.set(fileId, index);
    }
    const added: HunkView[] = [];
    for (const hunk of changed) {
      const at = index.get(hunk.id);
      if (at === undefined) {
        index.set(hunk.id, file.hunks.length);
        file.hunks.push(hunk);
        added.push(hunk);
      } else if (!sameHunk(file.hunks[at]!, hunk)) {
        file.hunks[at] = hunk;
        this.post({ type: 'hunkUpdated', fileId, hunk });
      }
    }
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
    for (const [turnId, { itemId, delta }] of this.pendingText) this.post({ type: 'turnText', turnId, itemId, delta });
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

