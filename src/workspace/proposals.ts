// Streamed edits → proposals over the untouched documents → accepted hunks written with one
// WorkspaceEdit each. The engine (src/edits) decides what a hunk is and where it goes; this store
// only feeds it, keeps one proposal per file card, and applies what the user accepts.
import * as vscode from 'vscode';
import type { EditFormat, TurnOutcomes } from '../backend';
import {
  acceptAll,
  acceptHunk,
  addChange,
  addCutOff,
  CHANGED_ON_DISK,
  closeProposal,
  createProposal,
  fileCopyChars,
  proposeFileEdit,
  sealChanges,
  rebase,
  rejectAll,
  rejectHunk,
  restale,
  reviseProposal,
  isEdited,
  restoredProposal,
  type FileOperation,
  type Hunk,
  type LineHunk,
  type Proposal,
} from '../edits/hunks';
import { applyTextEdit, splitLines, type TextEdit } from '../edits/lines';
import { relocateHunks } from '../edits/relocate';
import { AutoParser } from '../edits/autoParser';
import { SearchReplaceParser } from '../edits/searchReplace';
import type { FileEdit, PatchEvent } from '../edits/types';
import * as notify from '../notify';
import type { FileCardView, HunkView } from '../protocol';
import { CardHunks, hunkView } from './hunkViews';
import { OutcomeLedger } from './outcomes';
import type { PatchSink } from './patchSink';
import { hunksOf, MAX_PLACE_CHARS, placesOf, saveProposal, textDigest, type SavedProposal } from './savedProposals';
import { openExisting, resolveInWorkspace } from './workspaceFiles';

/** One file card: a proposal for one file of one tool call. */
export interface FileEntry {
  readonly id: string;
  /** The turn whose answer proposed it. */
  readonly turnId: string;
  readonly path: string;
  /** Where the file is now (follows an accepted move); undefined when the path was refused. */
  uri: vscode.Uri | undefined;
  proposal: Proposal | undefined;
  /** Why nothing of this file can be proposed (card error). */
  error: string | undefined;
  /** Why accepting needs a second confirmation (a file that can run code or change the editor). */
  sensitive?: string | undefined;
}

/** Asks the user a yes/no question (a modal dialog in the editor; tests answer it themselves). */
export type Confirm = (message: string, detail: string, action: string) => Promise<boolean>;

/** apply_patch chunks come in file order; SEARCH/REPLACE blocks need not. */
function inOrder(call: ToolCallState): boolean {
  return call.parser instanceof AutoParser && call.parser.format !== 'search_replace';
}

interface ToolCallState {
  readonly turnId: string;
  readonly callId: string;
  /** Tool calls are read by format-detecting parsers: models given a plain tool may write blocks. */
  readonly parser: AutoParser | SearchReplaceParser;
  /** SEARCH/REPLACE blocks in the answer text: no API tool call to report back, and prose alone is no error. */
  readonly inText: boolean;
  /** Cards of this call by the parser's fileIndex. */
  readonly files: Map<number, FileEntry>;
  /** Cards for patch text that could not be read at all. */
  readonly errors: string[];
  /** Parts cut off outside any file card (e.g. the rest of the patch), for the tool output. */
  readonly cutOff: string[];
}

/** What the composer shows of the proposals: a new file card, or a card's hunks as they are now. */
export type CardEvent =
  | { type: 'card'; card: FileCardView }
  /** Hunks that are new or changed, and the ids of removed ones (merged into a neighbour). */
  | { type: 'hunks'; fileId: string; changed: HunkView[]; removed: string[] };

/**
 * How the user decided: a click (card, CodeLens), a key, a whole-file action, the editor's Undo/Redo,
 * or an edit of the review diff that took a change out (or brought it back).
 */
export type DecisionVia = 'click' | 'key' | 'all' | 'undo' | 'edit';

/** A decision on some of a card's hunks, after it took effect (for the journal and the checks). */
export interface DecisionEvent {
  readonly turnId: string;
  readonly fileId: string;
  readonly path: string;
  readonly uri: vscode.Uri | undefined;
  readonly decision: 'accepted' | 'rejected' | 'undone' | 'redone';
  readonly via: DecisionVia;
  /**
   * 1-based first line, line count and new text of each hunk decided (file operations: line 0), and
   * whether the user edited it in the review diff first (its text is then the user's).
   */
  readonly hunks: readonly { line: number; lines: number; added: string; edited: boolean }[];
}

/** A decided hunk as the journal records it: 1-based line, line count, new text (file operations: line 0). */
const hunkLines = (h: Hunk) =>
  h.kind === 'lines' ? { line: h.startLine + 1, lines: h.newLines.length, added: h.newLines.join('\n'), edited: isEdited(h) } : { line: 0, lines: 0, added: h.text ?? '', edited: false };

/** Called before Flowpair writes for a turn's accept, with every file the turn touches (checkpoints). */
export type WriteGuard = (turnId: string, files: readonly { uri: vscode.Uri; path: string }[]) => Promise<void>;

/** A hunk as the editor shows it, with the card it belongs to. */
export interface PlacedHunk {
  readonly fileId: string;
  readonly hunk: LineHunk;
}

const MAX_ID_CHARS = 200; // protocol.ts refuses longer ids from the webview

/**
 * An accept as the editor's undo stack sees it: digests of the text before and after (not copies of
 * it), and the hunks it decided as they were before and after.
 */
interface AcceptRecord {
  readonly entryId: string;
  readonly textBefore: string;
  readonly textAfter: string;
  readonly before: readonly Hunk[];
  readonly after: readonly Hunk[];
}

/** What the store holds, for tests and the log: everything returns to zero once decided and forgotten. */
export interface ProposalHolding {
  /** Cards with a proposal (decided ones keep their hunks until their conversation is deleted). */
  readonly proposals: number;
  /** Cards with a hunk still pending or stale. */
  readonly undecided: number;
  /** Characters of file copies held to place chunks still streaming. */
  readonly fileCopyChars: number;
  /** Accepts the editor's Undo can still take back. */
  readonly undoRecords: number;
}

const MAX_UNDO_RECORDS = 20;

/** Hunks a save participant's edit made stale stay pending (accepting re-checks their lines anyway). */
function keepPending(before: Proposal, after: Proposal): Proposal {
  const wasPending = new Set(before.hunks.filter((h) => h.status === 'pending').map((h) => h.id));
  return {
    ...after,
    hunks: after.hunks.map((h) => {
      if (h.status !== 'stale' || !wasPending.has(h.id)) return h;
      const { reason: _reason, ...rest } = h;
      return { ...rest, status: 'pending' } as Hunk;
    }),
  };
}

export class ProposalStore implements PatchSink, vscode.Disposable {
  /** Calls whose input is still streaming. */
  private readonly calls = new Map<string, ToolCallState>();
  /** What the model has been told of each call's hunks. */
  private readonly outcomes = new OutcomeLedger();
  private readonly entries = new Map<string, FileEntry>();
  /** What each card last showed, so a sync sends only what changed; a card is here once the composer has it. */
  private readonly cards = new Map<string, CardHunks>();
  /** Stream events and user actions run one at a time, in order: both await the workspace. */
  private queue: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires with the document whose hunks changed (undefined: any). */
  readonly onDidChange = this.changed.event;
  private readonly cardEvents = new vscode.EventEmitter<CardEvent>();
  /** Domain events for the composer's cards; the ui layer presents them. */
  readonly onDidChangeCards = this.cardEvents.event;
  private readonly decisions = new vscode.EventEmitter<DecisionEvent>();
  /** Fires after a decision took effect (an accept's edit is applied by then). */
  readonly onDidDecide = this.decisions.event;
  private writeGuard: WriteGuard | undefined;
  private readonly subscriptions: vscode.Disposable[];
  /** Accepts the editor can undo, by document, newest last; and the undone ones it can redo. */
  private readonly undoable = new Map<string, AcceptRecord[]>();
  private readonly redoable = new Map<string, AcceptRecord[]>();
  /** Documents being saved: edits now come from save participants (formatters), not the user. */
  private readonly saving = new Set<string>();

  constructor(private readonly confirm: Confirm = notify.confirm) {
    this.subscriptions = [
      this.changed,
      this.cardEvents,
      this.decisions,
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChanged(e)),
      vscode.workspace.onWillSaveTextDocument((e) => this.saving.add(e.document.uri.toString())),
      vscode.workspace.onDidSaveTextDocument((d) => this.saving.delete(d.uri.toString())),
    ];
  }

  // ---- PatchSink -------------------------------------------------------------------------------

  begin(turnId: string, callId: string, format: EditFormat): void {
    const parser = format === 'search_replace' ? new SearchReplaceParser() : new AutoParser();
    const inText = format === 'search_replace';
    const call: ToolCallState = { turnId, callId, parser, inText, files: new Map(), errors: [], cutOff: [] };
    this.calls.set(callId, call);
    this.outcomes.record({
      callId,
      turnId,
      inText,
      files: () => [...call.files.values()],
      errors: () => [
        ...call.errors,
        ...call.cutOff.map((part) => `cut off: ${part} (the answer ended before it was complete; nothing of it was proposed)`),
      ],
    });
  }

  delta(turnId: string, callId: string, text: string): void {
    if (!this.calls.has(callId)) this.begin(turnId, callId, 'apply_patch');
    const call = this.calls.get(callId)!;
    this.handle(call, call.parser.push(text));
  }

  end(_turnId: string, callId: string): void {
    const call = this.calls.get(callId);
    if (call === undefined) return;
    this.handle(call, call.parser.end());
    this.close(call);
    this.calls.delete(callId);
  }

  endTurn(turnId: string): void {
    for (const [callId, call] of this.calls) {
      if (call.turnId !== turnId) continue;
      this.handle(call, call.parser.cut());
      this.close(call);
      this.calls.delete(callId);
      // Cut off before the model finished it, the call has no output slot: its decisions go out as notes.
      if (!call.inText) this.outcomes.settle(callId);
    }
  }

  async takeOutcomes(awaitingOutput: readonly string[], turnIds?: ReadonlySet<string>): Promise<TurnOutcomes> {
    await this.idle(); // the calls' last stream events first
    return this.outcomes.take(awaitingOutput, turnIds);
  }

  /** Resolves when every stream event and action so far has been handled. */
  idle(): Promise<void> {
    return this.queue;
  }

  // ---- what the editor shows -------------------------------------------------------------------

  entry(fileId: string): FileEntry | undefined {
    return this.entries.get(fileId);
  }

  /** What the model would be told of these calls now, told to no one (saved with their conversation). */
  peekOutcomes(callIds: readonly string[]): Record<string, string> {
    return this.outcomes.peek(callIds);
  }

  /** A card's hunks as they are now, while its proposal is live (a conversation shown again). */
  hunkViews(fileId: string): HunkView[] | undefined {
    return this.entries.get(fileId)?.proposal?.hunks.map(hunkView);
  }

  /** Every hunk placed in a document, of every card (pending, stale and failed ones included). */
  hunksIn(uri: vscode.Uri): PlacedHunk[] {
    const key = uri.toString();
    const placed: PlacedHunk[] = [];
    for (const entry of this.entries.values()) {
      if (entry.proposal === undefined || entry.uri?.toString() !== key) continue;
      for (const hunk of entry.proposal.hunks) if (hunk.kind === 'lines') placed.push({ fileId: entry.id, hunk });
    }
    return placed;
  }

  /** Cards with something left to decide in this document. */
  entriesIn(uri: vscode.Uri): FileEntry[] {
    const key = uri.toString();
    return [...this.entries.values()].filter(
      (e) => e.uri?.toString() === key && e.proposal?.hunks.some((h) => h.status === 'pending' || h.status === 'stale'),
    );
  }

  /** The document's current text with every still-pending hunk of the card applied. */
  async proposedText(fileId: string): Promise<string | undefined> {
    const entry = this.entries.get(fileId);
    if (entry?.proposal === undefined || entry.uri === undefined) return undefined;
    const text = (await this.documentText(entry.uri)) ?? '';
    const { edit } = acceptAll(entry.proposal, text);
    return edit === undefined ? text : applyTextEdit(text, edit);
  }

  // ---- decisions -------------------------------------------------------------------------------

  /** Runs `guard` before every write an accept makes (one at a time, awaited). */
  guardWrites(guard: WriteGuard): void {
    this.writeGuard = guard;
  }

  accept(fileId: string, hunkId: string, via: DecisionVia = 'click'): Promise<void> {
    return this.enqueue(async () => {
      const entry = this.decidable(fileId);
      if (entry === undefined || !(await this.confirmSensitive(entry))) return;
      const hunk = entry.proposal!.hunks.find((h) => h.id === hunkId);
      const text = hunk?.kind === 'lines' ? await this.documentText(entry.uri!) : '';
      const result = acceptHunk(entry.proposal!, hunkId, text ?? '');
      if (result.error !== undefined) void notify.warn(`Flowpair: not applied: ${result.error}`);
      await this.apply(entry, result.proposal, result.edit, result.fileOperation ? [result.fileOperation] : [], via);
    });
  }

  reject(fileId: string, hunkId: string, via: DecisionVia = 'click'): Promise<void> {
    return this.enqueue(async () => {
      const entry = this.decidable(fileId);
      if (entry === undefined) return;
      const before = entry.proposal!;
      entry.proposal = rejectHunk(before, hunkId);
      this.sync(entry);
      this.announce(entry, before, 'rejected', via);
    });
  }

  /**
   * The user edited the proposal in the review diff into `edited()` (the document with every pending
   * hunk applied, as they want it): the pending hunks become its diff against the document. Cards,
   * decorations and lenses follow; a change the edit took out reads as rejected until undone.
   */
  revise(fileId: string, edited: () => string): Promise<void> {
    return this.enqueue(async () => {
      const entry = this.entries.get(fileId);
      if (entry?.proposal === undefined || entry.uri === undefined || entry.error !== undefined || !revisable(entry.proposal)) return;
      const text = await this.documentText(entry.uri);
      if (text === undefined) return;
      const before = entry.proposal;
      // Read when the revision runs, not when it was asked for: typing queued behind it is taken in too.
      const { proposal, revived } = reviseProposal(before, text, edited());
      if (proposal === before) return;
      entry.proposal = proposal;
      this.sync(entry);
      this.announce(entry, before, 'rejected', 'edit');
      const back = revived.map((id) => proposal.hunks.find((h) => h.id === id)).filter((h) => h !== undefined).map(hunkLines);
      if (back.length > 0) this.decisions.fire({ turnId: entry.turnId, fileId: entry.id, path: entry.path, uri: entry.uri, decision: 'undone', via: 'edit', hunks: back });
    });
  }

  acceptAll(fileId: string): Promise<void> {
    return this.enqueue(async () => {
      const entry = this.decidable(fileId);
      if (entry === undefined || !(await this.confirmSensitive(entry))) return;
      const hasLines = entry.proposal!.hunks.some((h) => h.kind === 'lines' && h.status === 'pending');
      const text = hasLines ? await this.documentText(entry.uri!) : '';
      const result = acceptAll(entry.proposal!, text ?? '');
      await this.apply(entry, result.proposal, result.edit, result.fileOperations, 'all');
    });
  }

  rejectAll(fileId: string): Promise<void> {
    return this.enqueue(async () => {
      const entry = this.decidable(fileId);
      if (entry === undefined) return;
      const before = entry.proposal!;
      entry.proposal = rejectAll(before);
      this.sync(entry);
      this.announce(entry, before, 'rejected', 'all');
    });
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }

  // ---- lifetime --------------------------------------------------------------------------------

  holding(): ProposalHolding {
    let proposals = 0;
    let undecided = 0;
    let fileCopy = 0;
    for (const { proposal } of this.entries.values()) {
      if (proposal === undefined) continue;
      proposals++;
      if (proposal.hunks.some(undecidedHunk)) undecided++;
      fileCopy += fileCopyChars(proposal);
    }
    let undoRecords = 0;
    for (const stack of [...this.undoable.values(), ...this.redoable.values()]) undoRecords += stack.length;
    return { proposals, undecided, fileCopyChars: fileCopy, undoRecords };
  }

  /**
   * Lets go of the cards of these turns (their conversation was deleted): their hunks leave the
   * editor and the model is told nothing more of them.
   */
  forget(turnIds: ReadonlySet<string>): Promise<void> {
    return this.enqueue(() => {
      for (const [callId, call] of this.calls) if (turnIds.has(call.turnId)) this.calls.delete(callId);
      this.outcomes.forget(turnIds);
      const gone = new Set<string>();
      const uris = new Map<string, vscode.Uri>();
      for (const [id, entry] of this.entries) {
        if (!turnIds.has(entry.turnId)) continue;
        gone.add(id);
        this.entries.delete(id);
        this.cards.delete(id);
        if (entry.uri !== undefined) uris.set(entry.uri.toString(), entry.uri);
      }
      for (const records of [this.undoable, this.redoable]) {
        for (const [key, stack] of records) {
          const kept = stack.filter((r) => !gone.has(r.entryId));
          if (kept.length === 0) records.delete(key);
          else records.set(key, kept);
        }
      }
      for (const uri of uris.values()) this.changed.fire(uri);
    });
  }

  /**
   * What a reload needs to bring these cards' undecided hunks back (see savedProposals.ts); cards
   * with nothing left to decide, or still streaming, need nothing.
   */
  async snapshot(fileIds: readonly string[]): Promise<SavedProposal[]> {
    const streaming = new Set([...this.calls.values()].flatMap((c) => [...c.files.values()].map((e) => e.id)));
    const budget = { chars: MAX_PLACE_CHARS };
    const saved: SavedProposal[] = [];
    for (const id of fileIds) {
      const entry = this.entries.get(id);
      const proposal = entry?.proposal;
      if (proposal === undefined || entry!.uri === undefined || entry!.error !== undefined || streaming.has(id) || !proposal.hunks.some(undecidedHunk)) continue;
      const lineHunks = proposal.hunks.some((h) => h.kind === 'lines');
      const text = lineHunks ? ((await this.documentText(entry!.uri)) ?? '') : '';
      saved.push(saveProposal(id, proposal.eol, proposal.hunks, lineHunks ? splitLines(text) : [], textDigest(text), budget));
    }
    return saved;
  }

  /**
   * Brings back the undecided hunks of cards saved with a conversation (after a reload), placed in
   * the files as they are now; a hunk that no longer fits comes back stale with the reason. Cards
   * whose proposal is still live keep it.
   */
  restore(cards: readonly FileCardView[], saved: readonly SavedProposal[]): Promise<void> {
    return this.enqueue(async () => {
      const byId = new Map(cards.map((c) => [c.id, c]));
      for (const record of saved) {
        const card = byId.get(record.fileId);
        if (card === undefined || card.error !== undefined || this.entries.has(record.fileId)) continue;
        const hunks = hunksOf(card, record);
        if (hunks === undefined) continue;
        await this.restoreCard(card, record, hunks);
      }
    });
  }

  private async restoreCard(card: FileCardView, record: SavedProposal, saved: Hunk[]): Promise<void> {
    // An accepted move took the file to its new path: the rest of the card applies there.
    const movedTo = saved.some((h) => h.kind === 'move' && h.status === 'accepted') ? card.moveTo : undefined;
    const resolved = await resolveInWorkspace(movedTo ?? card.path);
    const entry: FileEntry = { id: card.id, turnId: card.turnId, path: card.path, uri: resolved.uri, proposal: undefined, error: resolved.error, ...(card.sensitive !== undefined && { sensitive: card.sensitive }) };
    this.entries.set(entry.id, entry);
    if (resolved.uri === undefined) return;
    const exists = await vscode.workspace.fs.stat(resolved.uri).then(() => true, () => false);
    let hunks = saved;
    let version = 0;
    if (hunks.some((h) => h.kind === 'lines' && h.status === 'pending')) {
      const opened = exists ? await openExisting(resolved.uri, card.path) : undefined;
      if (opened?.doc !== undefined && opened.error === undefined) {
        const text = opened.doc.getText();
        version = opened.doc.version;
        hunks = relocateHunks(hunks, placesOf(record), splitLines(text), textDigest(text) === record.textDigest);
      } else {
        const reason = opened?.error ?? 'the file no longer exists';
        hunks = hunks.map((h) => (h.kind === 'lines' && h.status === 'pending' ? { ...h, status: 'stale', reason } : h));
      }
    }
    // File operations still to decide: whether they can still happen is checked again on accept too.
    hunks = hunks.map((h) => {
      if (h.kind === 'lines' || h.status !== 'pending') return h;
      if (h.kind === 'add' && exists) return { ...h, status: 'stale', reason: 'the file was created while this conversation was closed' };
      if (h.kind !== 'add' && !exists) return { ...h, status: 'stale', reason: 'the file no longer exists' };
      return h;
    });
    entry.proposal = restoredProposal(card.path, version, record.eol, hunks);
    // The model heard of this card in the conversation's history; from now on its decisions go out as notes.
    this.outcomes.record({ callId: `restored:${entry.id}`, turnId: entry.turnId, inText: true, files: () => [entry], errors: () => [] }, { told: true });
    this.cards.set(entry.id, new CardHunks());
    this.sync(entry);
  }

  // ---- streaming -------------------------------------------------------------------------------

  private handle(call: ToolCallState, events: PatchEvent[]): void {
    for (const event of events) void this.enqueue(() => this.onEvent(call, event));
  }

  /** After the call's last events: no chunk comes any more, so its proposals let go of their file copies. */
  private close(call: ToolCallState): void {
    void this.enqueue(() => {
      for (const entry of call.files.values()) if (entry.proposal !== undefined) entry.proposal = closeProposal(entry.proposal);
    });
  }

  private async onEvent(call: ToolCallState, event: PatchEvent): Promise<void> {
    switch (event.type) {
      case 'fileStart':
        return this.startFile(call, event.fileIndex, event.op, event.path, event.moveTo);
      case 'change': {
        const entry = call.files.get(event.fileIndex);
        if (entry?.proposal === undefined) return;
        entry.proposal = addChange(entry.proposal, event.change);
        this.sync(entry);
        return;
      }
      case 'fileEnd':
        return this.endFile(call, event.fileIndex, event.file);
      case 'error':
        return this.patchError(call, event.message, event.line);
      case 'cutOff':
        return this.cutOffPart(call, event.part, event.fileIndex, event.path);
      case 'end':
        return;
    }
  }

  private async startFile(call: ToolCallState, fileIndex: number, op: FileEdit['op'], path: string, moveTo: string | undefined): Promise<void> {
    const entry: FileEntry = { id: this.uniqueId(`${call.turnId}:${path}`, call.turnId), turnId: call.turnId, path, uri: undefined, proposal: undefined, error: undefined };
    call.files.set(fileIndex, entry);
    this.entries.set(entry.id, entry);
    const resolved = await resolveInWorkspace(path);
    const target = moveTo !== undefined && resolved.uri !== undefined ? await resolveInWorkspace(moveTo) : undefined;
    entry.uri = resolved.uri;
    entry.error = resolved.error ?? target?.error;
    entry.sensitive = resolved.sensitive ?? target?.sensitive;
    if (entry.error === undefined && op === 'update') {
      const opened = await openExisting(resolved.uri!, path);
      if (opened === undefined) entry.error = `cannot update ${path}: no such file in the workspace`;
      else if (opened.error !== undefined) entry.error = opened.error;
      else {
        entry.proposal = createProposal(path, opened.doc.getText(), opened.doc.version, { inOrder: inOrder(call) });
        // Streaming never switches the user's editor or moves their cursor: the card says where the
        // changes are. Only when no editor is open at all does the first file open (to show its hunks).
        if (vscode.window.visibleTextEditors.length === 0) {
          // A courtesy: if the editor cannot be shown (the file went away meanwhile), the card still says where.
          vscode.window.showTextDocument(opened.doc, { preview: false, preserveFocus: true }).then(undefined, () => undefined);
        }
      }
    }
    // Adds and deletes get their card when complete (fileEnd), with their one hunk or their error.
    if (op === 'update' || entry.error !== undefined) this.postCard(call, entry, op, moveTo);
  }

  private postCard(call: ToolCallState, entry: FileEntry, op: FileEdit['op'], moveTo: string | undefined): void {
    const cardOp = moveTo !== undefined && moveTo !== entry.path ? 'move' : op;
    this.addCard({
      id: entry.id,
      turnId: call.turnId,
      path: entry.path,
      op: cardOp,
      ...(cardOp === 'move' && { moveTo }),
      hunks: [],
      ...(entry.error !== undefined && { error: entry.error }),
      ...(entry.error === undefined && entry.sensitive !== undefined && { sensitive: entry.sensitive }),
    });
  }

  private async endFile(call: ToolCallState, fileIndex: number, file: FileEdit): Promise<void> {
    const entry = call.files.get(fileIndex);
    if (entry === undefined || entry.error !== undefined || entry.uri === undefined) return;
    const options = { inOrder: inOrder(call) };
    if (file.op === 'add') {
      const opened = await openExisting(entry.uri, entry.path);
      if (opened?.error !== undefined) entry.error = opened.error;
      else entry.proposal = proposeFileEdit(file, opened && { text: opened.doc.getText(), version: opened.doc.version }, options);
    } else if (file.op === 'delete') {
      const exists = await vscode.workspace.fs.stat(entry.uri).then(
        () => true,
        () => false,
      );
      // Deleting needs no text: binary files can be deleted too.
      entry.proposal = proposeFileEdit(file, exists ? { text: '', version: 0 } : undefined, options);
    } else if (file.moveTo !== undefined && file.moveTo !== file.path && entry.proposal !== undefined) {
      // The streamed proposal keeps the user's decisions and edits so far; the move is one more
      // hunk, the engine's own kind, decided like the others.
      const move: Hunk = { kind: 'move', id: 'move', status: 'pending', path: file.path, moveTo: file.moveTo };
      entry.proposal = { ...entry.proposal, hunks: [...entry.proposal.hunks, move] };
    }
    // the file's chunks are complete: the log that placed late chunks goes
    if (entry.proposal !== undefined) entry.proposal = sealChanges(entry.proposal);
    if (entry.proposal?.error !== undefined) entry.error = entry.proposal.error;
    if (file.op !== 'update') this.postCard(call, entry, file.op, undefined);
    this.sync(entry);
  }

  /** A part the answer ended inside: shown as cut off on its file's card (nothing of it is written). */
  private cutOffPart(call: ToolCallState, part: string, fileIndex: number | undefined, path: string | undefined): void {
    if (fileIndex === undefined || path === undefined) {
      if (!call.inText) call.cutOff.push(part);
      return;
    }
    const entry = call.files.get(fileIndex);
    if (entry?.proposal !== undefined && entry.error === undefined) {
      entry.proposal = sealChanges(addCutOff(entry.proposal, part));
      return this.sync(entry);
    }
    if (entry !== undefined && entry.error !== undefined) return;
    const error = `cut off: the answer ended before ${part} was complete; nothing of it is proposed`;
    if (entry !== undefined) {
      // A new file streams its card at its end, which never came.
      entry.error = error;
      return this.postCard(call, entry, 'add', undefined);
    }
    const id = this.uniqueId(`${call.turnId}:${path}`, call.turnId);
    const cut: FileEntry = { id, turnId: call.turnId, path, uri: undefined, proposal: undefined, error };
    call.files.set(fileIndex, cut);
    this.entries.set(id, cut);
    this.postCard(call, cut, 'update', undefined);
  }

  private patchError(call: ToolCallState, message: string, line: number): void {
    if (call.inText && call.files.size === 0) return; // an answer without edits
    const error = `the patch could not be read (line ${line}): ${message}. Nothing from that point on was proposed.`;
    call.errors.push(error);
    // Its own card: a card's error cannot be added after the card was posted.
    const id = this.uniqueId(`${call.turnId}:patch`, call.turnId);
    this.entries.set(id, { id, turnId: call.turnId, path: 'apply_patch', uri: undefined, proposal: undefined, error });
    this.addCard({ id, turnId: call.turnId, path: 'apply_patch', op: 'update', hunks: [], error });
  }

  // ---- applying --------------------------------------------------------------------------------

  /** Writes an accept's edit and file operations as ONE WorkspaceEdit (one undo stop). */
  private async apply(entry: FileEntry, proposal: Proposal, edit: TextEdit | undefined, operations: readonly FileOperation[], via: DecisionVia): Promise<void> {
    const before = entry.proposal!;
    const uri = entry.uri!;
    const openDoc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const wasDirty = openDoc?.isDirty ?? false;
    const textBefore = openDoc?.getText();
    // The new proposal must be in place before the edit's change event comes back through rebase.
    entry.proposal = proposal;
    if (edit === undefined && operations.length === 0) return this.sync(entry);
    const workspaceEdit = new vscode.WorkspaceEdit();
    if (edit !== undefined) {
      workspaceEdit.replace(uri, new vscode.Range(edit.start.line, edit.start.character, edit.end.line, edit.end.character), edit.newText);
    }
    let moved: { uri: vscode.Uri; path: string } | undefined;
    for (const op of operations) {
      if (op.op === 'create') workspaceEdit.createFile(uri, { contents: new TextEncoder().encode(op.text) });
      else if (op.op === 'delete') workspaceEdit.deleteFile(uri, { ignoreIfNotExists: true });
      else {
        const to = await resolveInWorkspace(op.to);
        if (to.uri === undefined) return this.refuse(entry, before, `cannot move ${op.from}: ${to.error}`);
        moved = { uri: to.uri, path: op.to };
        // A move never replaces an existing file unless the user says so.
        const taken = await vscode.workspace.fs.stat(to.uri).then(() => true, () => false);
        if (taken && !(await this.confirm(`Replace ${op.to}?`, `Moving ${op.from} to ${op.to} replaces the file that is there now.`, 'Replace'))) {
          return this.refuse(entry, before, `not moved: ${op.to} already exists`);
        }
        workspaceEdit.renameFile(uri, to.uri, { overwrite: taken });
      }
    }
    await this.writeGuard?.(entry.turnId, this.filesOfTurn(entry.turnId, moved));
    if (!(await vscode.workspace.applyEdit(workspaceEdit))) {
      return this.refuse(entry, before, `VS Code did not apply the change to ${entry.path} (was the file changed, moved or made read-only?)`);
    }
    if (moved !== undefined) entry.uri = moved.uri;
    // Save what we changed, so the file on disk has it; never save over the user's unsaved work.
    // (After a move the edited buffer lives at the new path.)
    // Whether an accept saves is the user's choice (flowpair.acceptSaves).
    const doc = edit !== undefined ? await vscode.workspace.openTextDocument(entry.uri!) : undefined;
    if (doc && !wasDirty && doc.isDirty && vscode.workspace.getConfiguration('flowpair').get<boolean>('acceptSaves', true)) await doc.save();
    if (doc && textBefore !== undefined && operations.length === 0) this.rememberAccept(entry, before, doc, textBefore);
    this.sync(entry);
    this.announce(entry, before, 'accepted', via);
  }

  /** An accept the editor's Undo can take back: the card and decorations then follow (see onDocumentChanged). */
  private rememberAccept(entry: FileEntry, before: Proposal, doc: vscode.TextDocument, textBefore: string): void {
    const after = entry.proposal!;
    const was = new Map(before.hunks.map((h) => [h.id, h]));
    const changed = after.hunks.filter((h) => was.get(h.id)?.status !== h.status);
    if (changed.length === 0) return;
    const key = doc.uri.toString();
    const stack = this.undoable.get(key) ?? [];
    stack.push({ entryId: entry.id, textBefore: textDigest(textBefore), textAfter: textDigest(doc.getText()), before: changed.map((h) => was.get(h.id)!), after: changed });
    if (stack.length > MAX_UNDO_RECORDS) stack.shift();
    this.undoable.set(key, stack);
    this.redoable.delete(key);
  }

  /** After an Undo or Redo that brought the document back to before or after an accept, the hunks follow. */
  private undoRedo(e: vscode.TextDocumentChangeEvent, key: string): void {
    const undo = e.reason === vscode.TextDocumentChangeReason.Undo;
    const from = (undo ? this.undoable : this.redoable).get(key);
    const record = from?.at(-1);
    if (record === undefined || textDigest(e.document.getText()) !== (undo ? record.textBefore : record.textAfter)) return;
    from!.pop();
    const to = undo ? this.redoable : this.undoable;
    to.set(key, [...(to.get(key) ?? []), record]);
    const entry = this.entries.get(record.entryId);
    if (entry?.proposal === undefined) return;
    const source = undo ? record.before : record.after;
    const restored = new Map(source.map((h) => [h.id, h]));
    entry.proposal = { ...entry.proposal, hunks: entry.proposal.hunks.map((h) => restored.get(h.id) ?? h) };
    this.sync(entry);
    const hunks = source.map(hunkLines);
    if (hunks.length > 0) this.decisions.fire({ turnId: entry.turnId, fileId: entry.id, path: entry.path, uri: entry.uri, decision: undo ? 'undone' : 'redone', via: 'undo', hunks });
  }

  /** Every file the turn's cards touch (a move's destination too): what its checkpoint saves. */
  private filesOfTurn(turnId: string, extra: { uri: vscode.Uri; path: string } | undefined): { uri: vscode.Uri; path: string }[] {
    const files = new Map<string, { uri: vscode.Uri; path: string }>();
    for (const e of this.entries.values()) if (e.turnId === turnId && e.uri !== undefined && e.error === undefined) files.set(e.uri.toString(), { uri: e.uri, path: e.path });
    if (extra !== undefined) files.set(extra.uri.toString(), extra);
    return [...files.values()];
  }

  /** Tells the journal and the checks which hunks this decision settled. */
  private announce(entry: FileEntry, before: Proposal, decision: 'accepted' | 'rejected', via: DecisionVia): void {
    const was = new Map(before.hunks.map((h) => [h.id, h.status]));
    const hunks = (entry.proposal?.hunks ?? [])
      .filter((h) => h.status === decision && was.get(h.id) !== decision)
      .map(hunkLines);
    if (hunks.length > 0) this.decisions.fire({ turnId: entry.turnId, fileId: entry.id, path: entry.path, uri: entry.uri, decision, via, hunks });
  }

  /** A sensitive file's accept needs a second, explicit yes. */
  private async confirmSensitive(entry: FileEntry): Promise<boolean> {
    if (entry.sensitive === undefined) return true;
    return this.confirm(`Accept a change to ${entry.path}?`, `${entry.path} is a sensitive file: ${entry.sensitive}. Review the change before you accept it.`, 'Accept Change');
  }

  private refuse(entry: FileEntry, before: Proposal, message: string): void {
    entry.proposal = before;
    report(`Flowpair: ${message}`);
    this.sync(entry);
  }

  private onDocumentChanged(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const key = e.document.uri.toString();
    // A formatter run on save moves hunks like any edit, but never makes a pending one stale.
    const fromSave = this.saving.has(key) && e.reason === undefined;
    const staled: { entry: FileEntry; ids: Set<string> }[] = [];
    for (const entry of this.entries.values()) {
      if (entry.proposal === undefined || entry.uri?.toString() !== key) continue;
      const rebased = rebase(entry.proposal, e.contentChanges, e.document.version);
      const was = new Map(entry.proposal.hunks.map((h) => [h.id, h.status]));
      entry.proposal = fromSave ? keepPending(entry.proposal, rebased) : rebased;
      const ids = new Set(entry.proposal.hunks.filter((h) => h.status === 'stale' && was.get(h.id) === 'pending').map((h) => h.id));
      if (ids.size > 0 && e.reason === undefined) staled.push({ entry, ids });
      this.sync(entry);
    }
    if (staled.length > 0) void this.enqueue(() => this.staleFromDisk(e.document, staled));
    if (e.reason !== undefined) this.undoRedo(e, key);
  }

  /**
   * Hunks a change made stale say "the file changed on disk" when the document now equals the file
   * on disk: it was read again (another program, a git checkout), not typed in. The change event
   * itself cannot tell: the document's dirty flag may not have followed yet.
   */
  private async staleFromDisk(doc: vscode.TextDocument, staled: readonly { entry: FileEntry; ids: Set<string> }[]): Promise<void> {
    if (doc.isClosed || doc.uri.scheme !== 'file') return;
    const disk = await vscode.workspace.fs.readFile(doc.uri).then((bytes) => new TextDecoder().decode(bytes), () => undefined);
    if (disk === undefined || disk !== doc.getText()) return;
    for (const { entry, ids } of staled) {
      if (entry.proposal === undefined) continue;
      const relabelled = restale(entry.proposal, ids, CHANGED_ON_DISK);
      if (relabelled === entry.proposal) continue;
      entry.proposal = relabelled;
      this.sync(entry);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private addCard(card: FileCardView): void {
    this.cards.set(card.id, new CardHunks());
    this.cardEvents.fire({ type: 'card', card });
  }

  /** Tells the composer the card's new, changed and removed hunks (only those), and the editor views that they changed. */
  private sync(entry: FileEntry): void {
    const card = this.cards.get(entry.id);
    if (card !== undefined) {
      const { changed, removed } = card.changes(entry.proposal?.hunks ?? []);
      if (changed.length > 0 || removed.length > 0) this.cardEvents.fire({ type: 'hunks', fileId: entry.id, changed, removed });
    }
    this.changed.fire(entry.uri);
  }

  private decidable(fileId: string): FileEntry | undefined {
    const entry = this.entries.get(fileId);
    if (entry?.proposal === undefined || entry.uri === undefined || entry.error !== undefined) {
      report(entry?.error !== undefined ? `Flowpair: ${entry.path}: ${entry.error}` : 'Flowpair: that proposal is no longer available.');
      return undefined;
    }
    return entry;
  }

  private async documentText(uri: vscode.Uri): Promise<string | undefined> {
    try {
      return (await vscode.workspace.openTextDocument(uri)).getText();
    } catch {
      return undefined;
    }
  }

  private uniqueId(base: string, turnId: string): string {
    let id = base.length <= MAX_ID_CHARS ? base : `${turnId}:f${this.entries.size}`;
    for (let n = 2; this.entries.has(id); n++) id = `${base.slice(0, MAX_ID_CHARS - 6)}#${n}`;
    return id;
  }

  /** Runs after everything queued so far; a failure is shown to the user, never thrown at the caller. */
  private enqueue(task: () => Promise<void> | void): Promise<void> {
    this.queue = this.queue.then(task).catch((e: unknown) => report(`Flowpair: ${e instanceof Error ? e.message : String(e)}`));
    return this.queue;
  }
}

/** Only line changes are edited in the review diff: a new or deleted file is decided whole. */
export function revisable(proposal: Proposal): boolean {
  return proposal.error === undefined && !proposal.hunks.some((h) => (h.kind === 'add' || h.kind === 'delete') && h.status === 'pending');
}
const undecidedHunk = (h: Hunk) => h.status === 'pending' || h.status === 'stale';

function report(message: string): void {
  void notify.error(message);
}
