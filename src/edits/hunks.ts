// Proposals and their hunks: the smallest contiguous changes a user can accept or reject one by one.
//
// A proposal is a file's original text and version plus its hunks. Line hunks hold their position in
// the *current* document, so accepting one shifts the others, and a user edit (rebase) moves the hunks
// it does not touch and marks the ones it touches stale: a stale hunk is shown but never applied, and
// every accept re-checks the document's lines first, so the user's text is never overwritten.
// File adds, deletes and moves are hunks of their own kind, applied by the host as file operations.
import {
  applyTextEdit,
  detectEol,
  diffLines,
  newFileText,
  linesAt,
  replaceLines,
  splitLines,
  type Eol,
  type Position,
  type TextEdit,
} from './lines';
import { LineIndex, locateChange, type LocatedChange, type LocateFailure, type MatchKind } from './locate';
import type { HunkStatus } from '../protocol';
import type { Change, FileEdit } from './types';

export type { HunkStatus };

interface HunkBase {
  /** Stable within its proposal ('h1', 'h2', …), also across accepts, rejects and rebases. */
  readonly id: string;
  readonly status: HunkStatus;
  /** Why a hunk is stale or failed, for the user. */
  readonly reason?: string;
}

export interface LineHunk extends HunkBase {
  readonly kind: 'lines';
  /**
   * First line (0-based) in the current document: of `oldLines` while pending, stale or rejected, of
   * `newLines` once accepted; for a failed hunk, the closest region found (or 0).
   */
  readonly startLine: number;
  readonly oldLines: readonly string[];
  readonly newLines: readonly string[];
  /** How the chunk was found; anything but 'exact' is worth a hint in the UI. */
  readonly match?: MatchKind;
  /**
   * Set only while the user's edit in the review diff makes this hunk differ from what the model
   * proposed there (for a hunk the user made: the lines kept as they were). Accepting it then lands
   * the user's text, and the journal and the model are told so.
   */
  readonly proposed?: { readonly oldLines: readonly string[]; readonly newLines: readonly string[] };
}

/** Whether the user changed this hunk in the review diff before deciding it. */
export function isEdited(hunk: Hunk): boolean {
  return hunk.kind === 'lines' && hunk.proposed !== undefined;
}

export interface FileHunk extends HunkBase {
  readonly kind: 'add' | 'delete' | 'move';
  /** The file the operation applies to. */
  readonly path: string;
  /** add: the new file's content. */
  readonly text?: string;
  /** move: the destination. */
  readonly moveTo?: string;
}

export type Hunk = LineHunk | FileHunk;

/** A file operation for the host to perform when a file hunk is accepted. */
export type FileOperation =
  | { readonly op: 'create'; readonly path: string; readonly text: string }
  | { readonly op: 'delete'; readonly path: string }
  | { readonly op: 'rename'; readonly from: string; readonly to: string };

/** The shape of vscode.TextDocumentContentChangeEvent, so the host can pass those straight through. */
export interface DocumentChange {
  readonly range: { readonly start: Position; readonly end: Position };
  readonly rangeOffset: number;
  readonly rangeLength: number;
  readonly text: string;
}

/** What happened to the document since the proposal was created, for placing chunks that arrive later. */
type LoggedEdit = { readonly kind: 'lines'; readonly start: number; readonly oldCount: number; readonly newCount: number } | { readonly kind: 'change'; readonly change: DocumentChange };

interface Locator {
  readonly index: LineIndex;
  readonly inOrder: boolean;
  /** Where the next chunk is searched from (original lines), and whether a chunk was placed yet. */
  readonly from: number;
  readonly hinted: boolean;
  /**
   * What happened to the document since the proposal was made, replayed to place each new chunk.
   * Compacted as it grows (a run of keystrokes on one line is one entry), and dropped once the
   * chunks are complete (`sealChanges`): it never outlives the stream it serves.
   */
  readonly log: readonly LoggedEdit[];
  /** False once the file's chunks are complete: no chunk is placed any more, nothing is logged. */
  readonly open: boolean;
  /** Edits handed out by accept whose change events are still to come back through rebase. */
  readonly expected: readonly TextEdit[];
  readonly nextId: number;
}

export interface Proposal {
  readonly path: string;
  /** The document version the hunk positions refer to. */
  readonly version: number;
  readonly originalText: string;
  /** Line terminator used for new lines: the original text's dominant one. */
  readonly eol: Eol;
  readonly hunks: readonly Hunk[];
  /** A failure of the whole file operation (file missing, not text, …); nothing can be accepted. */
  readonly error?: string;
  /** Internal state for chunks that are still streaming in; not for display. */
  readonly locator: Locator;
}

export interface ProposalOptions {
  /** apply_patch chunks are in file order (true, the default); SEARCH/REPLACE blocks need not be. */
  readonly inOrder?: boolean;
}

/** An empty proposal for an existing document, ready for `addChange`. */
export function createProposal(path: string, text: string, version: number, options: ProposalOptions = {}): Proposal {
  return {
    path,
    version,
    originalText: text,
    eol: detectEol(text),
    hunks: [],
    locator: {
      index: new LineIndex(splitLines(text)),
      inOrder: options.inOrder ?? true,
      from: 0,
      hinted: false,
      log: [],
      open: true,
      expected: [],
      nextId: 1,
    },
  };
}

const EMPTY_INDEX = new LineIndex([]);

/**
 * The proposal once its tool call ended: sealed, and the copy of the file it was made from
 * (original text, line index) let go too — it served only to place chunks. Accepting, rejecting
 * and rebasing work as before; `patchedText` needs the original and is for sealed proposals only.
 */
export function closeProposal(proposal: Proposal): Proposal {
  const sealed = sealChanges(proposal);
  return { ...sealed, originalText: '', locator: { ...sealed.locator, index: EMPTY_INDEX } };
}

/** A closed proposal rebuilt from saved hunks (a conversation reopened after a reload). */
export function restoredProposal(path: string, version: number, eol: Eol, hunks: readonly Hunk[]): Proposal {
  return closeProposal({ ...createProposal(path, '', version), eol, hunks });
}

/** The characters of the file copy a proposal holds (zero once closed). */
export function fileCopyChars(proposal: Proposal): number {
  let chars = proposal.originalText.length;
  for (const line of proposal.locator.index.lines) chars += line.length;
  return chars;
}

/** A proposal that cannot be applied at all, e.g. an update of a file that does not exist. */
export function failedProposal(path: string, error: string): Proposal {
  return { ...createProposal(path, '', 0), error };
}

/**
 * Locates a chunk in the original text (after the previous chunk) and adds its hunks, placed in the
 * current document; a chunk that cannot be located becomes one failed hunk.
 */
export function addChange(proposal: Proposal, change: Change): Proposal {
  const { locator } = proposal;
  if (!locator.open) throw new Error(`${proposal.path}: a chunk after the file's chunks were sealed`);
  const result = locateChange(locator.index, change, { from: locator.from, inOrder: locator.inOrder, hinted: locator.hinted });
  if (!result.ok) return addFailed(proposal, change, result.failure);
  const located = result.change;
  const next = addLocated(proposal, located);
  return { ...next, locator: { ...next.locator, from: located.start + located.oldLines.length, hinted: true } };
}

/**
 * The file's chunks are complete (its patch part ended, or was cut off): the log that placed late
 * chunks is dropped and no longer kept. Accepts, rejects and rebases work as before.
 */
export function sealChanges(proposal: Proposal): Proposal {
  if (!proposal.locator.open) return proposal;
  return { ...proposal, locator: { ...proposal.locator, log: [], open: false } };
}

/** The whole-file proposal for one parsed file operation (complete: sealed); `current` is undefined if the file does not exist. */
export function proposeFileEdit(file: FileEdit, current: { text: string; version: number } | undefined, options: ProposalOptions = {}): Proposal {
  return sealChanges(wholeFileProposal(file, current, options));
}

function wholeFileProposal(file: FileEdit, current: { text: string; version: number } | undefined, options: ProposalOptions): Proposal {
  switch (file.op) {
    case 'add': {
      if (current === undefined) {
        return addFileHunk(createProposal(file.path, '', 0, options), { kind: 'add', path: file.path, text: newFileText(file.lines) });
      }
      // Adding an existing file replaces its content, reviewed hunk by hunk like any update.
      if (file.createOnly && current.text.trim() !== '') {
        return failedProposal(
          file.path,
          `cannot create ${file.path}: it already exists and is not empty (an empty SEARCH only creates a new file or fills an empty one; put the lines to replace in SEARCH)`,
        );
      }
      const proposal = createProposal(file.path, current.text, current.version, options);
      const oldLines = proposal.locator.index.lines;
      return addLocated(proposal, { start: 0, oldLines, newLines: file.lines, runs: diffLines(oldLines, file.lines), match: 'exact' });
    }
    case 'delete':
      if (current === undefined) return failedProposal(file.path, `cannot delete ${file.path}: no such file`);
      return addFileHunk(createProposal(file.path, current.text, current.version, options), { kind: 'delete', path: file.path });
    case 'update': {
      if (current === undefined) return failedProposal(file.path, `cannot update ${file.path}: no such file`);
      let proposal = createProposal(file.path, current.text, current.version, options);
      for (const change of file.changes) proposal = addChange(proposal, change);
      if (file.moveTo !== undefined && file.moveTo !== file.path) {
        proposal = addFileHunk(proposal, { kind: 'move', path: file.path, moveTo: file.moveTo });
      }
      return proposal;
    }
  }
}

export interface AcceptResult {
  readonly proposal: Proposal;
  /** For a line hunk: the edit to apply to the document (offsets and positions refer to `currentText`). */
  readonly edit?: TextEdit;
  /** For a file hunk: the file operation to perform. */
  readonly fileOperation?: FileOperation;
  /** Set when nothing is to be applied (unknown id, not pending, or the document no longer matches). */
  readonly error?: string;
}

/**
 * Accepts one hunk. Re-checks that `currentText` still holds the hunk's old lines (otherwise the hunk
 * turns stale and nothing is applied), then shifts the hunks after it. The change event the host's
 * edit causes is recognised by `rebase` and not counted as a user edit. If the host cannot apply
 * the edit, it should keep using the proposal it had before.
 */
export function acceptHunk(proposal: Proposal, id: string, currentText: string): AcceptResult {
  const hunk = proposal.hunks.find((h) => h.id === id);
  if (proposal.error !== undefined) return { proposal, error: proposal.error };
  if (hunk === undefined) return { proposal, error: `no hunk ${id} in ${proposal.path}` };
  if (hunk.status !== 'pending') return { proposal, error: `hunk ${id} is ${hunk.status}${hunk.reason ? `: ${hunk.reason}` : ''}` };
  if (hunk.kind !== 'lines') {
    return { proposal: withHunk(proposal, { ...hunk, status: 'accepted' }), fileOperation: fileOperationOf(hunk) };
  }
  const actual = linesAt(currentText, hunk.startLine, hunk.oldLines.length);
  if (actual === undefined || !sameLines(actual, hunk.oldLines)) {
    const reason = 'the document no longer has the expected lines here';
    return { proposal: withHunk(proposal, { ...hunk, status: 'stale', reason }), error: `hunk ${id} is stale: ${reason}` };
  }
  const edit = replaceLines(currentText, hunk.startLine, hunk.oldLines.length, hunk.newLines, proposal.eol);
  const applied: LoggedEdit = { kind: 'lines', start: hunk.startLine, oldCount: hunk.oldLines.length, newCount: hunk.newLines.length };
  const hunks = proposal.hunks.map((h) => (h.id === id ? { ...hunk, status: 'accepted' as const } : moveHunk(h, applied)));
  return { proposal: { ...proposal, hunks, locator: logged(proposal.locator, applied, [edit]) }, edit };
}

export function rejectHunk(proposal: Proposal, id: string): Proposal {
  const hunk = proposal.hunks.find((h) => h.id === id);
  if (hunk === undefined || (hunk.status !== 'pending' && hunk.status !== 'stale')) return proposal;
  return withHunk(proposal, { ...hunk, status: 'rejected' });
}

export interface AcceptAllResult {
  readonly proposal: Proposal;
  /** One edit spanning all accepted line hunks (bytes between them kept as they are), if any. */
  readonly edit?: TextEdit;
  readonly fileOperations: readonly FileOperation[];
  /** Ids of hunks that turned stale instead of being accepted. */
  readonly stale: readonly string[];
}

/** Accepts every pending hunk, as one document edit (one undo stop) plus file operations. */
export function acceptAll(proposal: Proposal, currentText: string): AcceptAllResult {
  if (proposal.error !== undefined) return { proposal, fileOperations: [], stale: [] };
  const lineHunks = proposal.hunks
    .filter((h): h is LineHunk => h.kind === 'lines' && h.status === 'pending')
    .sort((a, b) => a.startLine - b.startLine || a.oldLines.length - b.oldLines.length);
  const updated = new Map<string, Hunk>();
  const stale: string[] = [];
  const edits: TextEdit[] = [];
  for (const hunk of lineHunks) {
    const actual = linesAt(currentText, hunk.startLine, hunk.oldLines.length);
    if (actual === undefined || !sameLines(actual, hunk.oldLines)) {
      stale.push(hunk.id);
      updated.set(hunk.id, { ...hunk, status: 'stale', reason: 'the document no longer has the expected lines here' });
    } else {
      edits.push(replaceLines(currentText, hunk.startLine, hunk.oldLines.length, hunk.newLines, proposal.eol));
    }
  }
  // Apply the line-level effects from the bottom up so that earlier positions stay valid.
  let hunks = proposal.hunks.map((h) => updated.get(h.id) ?? h);
  const applied: LoggedEdit[] = [];
  for (const hunk of lineHunks.filter((h) => !updated.has(h.id)).reverse()) {
    const effect: LoggedEdit = { kind: 'lines', start: hunk.startLine, oldCount: hunk.oldLines.length, newCount: hunk.newLines.length };
    hunks = hunks.map((h) => (h.id === hunk.id ? { ...hunk, status: 'accepted' as const } : moveHunk(h, effect)));
    applied.push(effect);
  }
  const fileOperations: FileOperation[] = [];
  hunks = hunks.map((h) => {
    if (h.kind === 'lines' || h.status !== 'pending') return h;
    fileOperations.push(fileOperationOf(h));
    return { ...h, status: 'accepted' as const };
  });
  const edit = edits.length === 0 ? undefined : combine(currentText, edits);
  let locator = proposal.locator;
  for (const effect of applied) locator = logged(locator, effect, []);
  if (edit !== undefined) locator = { ...locator, expected: [...locator.expected, edit] };
  return { proposal: { ...proposal, hunks, locator }, ...(edit && { edit }), fileOperations, stale };
}

/** Rejects every pending or stale hunk; the document stays as it is. */
export function rejectAll(proposal: Proposal): Proposal {
  const hunks = proposal.hunks.map((h) => (h.status === 'pending' || h.status === 'stale' ? { ...h, status: 'rejected' as const } : h));
  return { ...proposal, hunks };
}

/**
 * Follows document changes (in the order VS Code reports them in one onDidChangeTextDocument event):
 * hunks before a change move with it, hunks a change touches become stale. Changes caused by this
 * proposal's own accepts are recognised and skipped.
 */
export function rebase(proposal: Proposal, changes: readonly DocumentChange[], version: number): Proposal {
  let { hunks, locator } = proposal;
  for (const change of changes) {
    const own = locator.expected.findIndex(
      (e) => e.startOffset === change.rangeOffset && e.endOffset - e.startOffset === change.rangeLength && e.newText === change.text,
    );
    if (own !== -1) {
      locator = { ...locator, expected: locator.expected.filter((_, i) => i !== own) };
      continue;
    }
    const effect: LoggedEdit = { kind: 'change', change };
    hunks = hunks.map((h) => moveHunk(h, effect));
    locator = logged(locator, effect, []);
  }
  return { ...proposal, version, hunks, locator };
}

/** Why a hunk the user's edit of the review diff took out is rejected (undoing that edit revives it). */
export const REMOVED_IN_REVIEW = 'the user removed this change in the review diff';

export interface Revision {
  readonly proposal: Proposal;
  /** Pending hunks the edit took out (now rejected), and hunks rejected that way that it brought back. */
  readonly removed: readonly string[];
  readonly revived: readonly string[];
}

/**
 * The user edited the proposal (the review diff's right side, `currentText` with every pending hunk
 * applied) into `editedText`: the pending hunks become the line diff of the document against it.
 * A changed region keeps the id of the pending hunk it overlaps, and remembers what the model had
 * proposed there, so it reads as edited until an undo restores the model's lines. Decided, stale
 * and failed hunks stay as they are; positions are in the current document, like every hunk's.
 */
export function reviseProposal(proposal: Proposal, currentText: string, editedText: string): Revision {
  const unchanged = { proposal, removed: [], revived: [] };
  if (proposal.error !== undefined) return unchanged;
  const { edit } = acceptAll(proposal, currentText);
  const newLines = splitLines(editedText);
  // Line by line: an editor may give the text other line terminators than the file's own.
  if (sameLines(splitLines(edit === undefined ? currentText : applyTextEdit(currentText, edit)), newLines)) return unchanged;
  const oldLines = splitLines(currentText);
  const parts = minimalParts({ start: 0, oldLines, newLines, runs: diffLines(oldLines, newLines), match: 'exact' });
  // What the edit can take over: the pending hunks, and the ones an earlier edit took out.
  const candidates = proposal.hunks
    .filter((h): h is LineHunk => h.kind === 'lines' && (h.status === 'pending' || (h.status === 'rejected' && h.reason === REMOVED_IN_REVIEW)))
    .sort((a, b) => a.startLine - b.startLine);
  const taken = new Set<string>();
  let next = proposal;
  const revised: LineHunk[] = [];
  const revived: string[] = [];
  for (const part of parts) {
    const end = part.start + part.oldLines.length;
    // Overlapping or touching: an insertion right after a hunk's lines is that hunk's too.
    const was = candidates.find((c) => !taken.has(c.id) && c.startLine <= end && part.start <= c.startLine + c.oldLines.length);
    if (was !== undefined) taken.add(was.id);
    if (was?.status === 'pending' && was.startLine === part.start && sameLines(was.oldLines, part.oldLines) && sameLines(was.newLines, part.newLines)) {
      revised.push(was);
      continue;
    }
    let id = was?.id;
    if (id === undefined) [id, next] = nextId(next);
    if (was?.status === 'rejected') revived.push(id);
    // What the model proposed for these lines: a hunk the user made had them unchanged.
    const proposed = was === undefined ? { oldLines: ownLines(part.oldLines), newLines: ownLines(part.oldLines) } : (was.proposed ?? { oldLines: was.oldLines, newLines: was.newLines });
    const asProposed = sameLines(proposed.oldLines, part.oldLines) && sameLines(proposed.newLines, part.newLines);
    revised.push({
      kind: 'lines',
      id,
      status: 'pending',
      startLine: part.start,
      oldLines: ownLines(part.oldLines),
      newLines: ownLines(part.newLines),
      ...(was?.match !== undefined && { match: was.match }),
      ...(!asProposed && { proposed }),
    });
  }
  const removed: string[] = [];
  const byId = new Map(revised.map((h) => [h.id, h]));
  const hunks = next.hunks
    .map((h): Hunk => {
      const replaced = byId.get(h.id);
      if (replaced !== undefined) {
        byId.delete(h.id);
        return replaced;
      }
      if (h.kind !== 'lines' || h.status !== 'pending') return h;
      removed.push(h.id);
      return { ...h, status: 'rejected', reason: REMOVED_IN_REVIEW };
    })
    .concat([...byId.values()]);
  // Position order, like insertLineHunk keeps it; file operations last.
  const lines = hunks.filter((h): h is LineHunk => h.kind === 'lines').sort((a, b) => a.startLine - b.startLine || Math.sign(a.oldLines.length) - Math.sign(b.oldLines.length));
  return { proposal: { ...next, hunks: [...lines, ...hunks.filter((h) => h.kind !== 'lines')] }, removed, revived };
}

/** The text the whole patch produces: every hunk of a fresh proposal (no accepts or rebases yet) accepted. */
export function patchedText(proposal: Proposal): string {
  const { edit } = acceptAll({ ...proposal, hunks: proposal.hunks.filter((h) => h.kind === 'lines') }, proposal.originalText);
  return edit === undefined ? proposal.originalText : proposal.originalText.slice(0, edit.startOffset) + edit.newText + proposal.originalText.slice(edit.endOffset);
}

// ---- building hunks --------------------------------------------------------------------------

function nextId(proposal: Proposal): [string, Proposal] {
  const n = proposal.locator.nextId;
  return [`h${n}`, { ...proposal, locator: { ...proposal.locator, nextId: n + 1 } }];
}

function addFileHunk(proposal: Proposal, hunk: Omit<FileHunk, 'id' | 'status'>): Proposal {
  const [id, next] = nextId(proposal);
  return { ...next, hunks: [...next.hunks, { ...hunk, id, status: 'pending' }] };
}

function addFailed(proposal: Proposal, change: Change, failure: LocateFailure): Proposal {
  const [id, next] = nextId(proposal);
  const hunk: LineHunk = {
    kind: 'lines',
    id,
    status: 'failed',
    reason: failure.message,
    startLine: failure.nearest?.start ?? 0,
    oldLines: ownLines(change.oldLines),
    newLines: ownLines(change.newLines),
  };
  return { ...next, hunks: [...next.hunks, hunk] };
}

/**
 * Marks where a chunk was cut off (the answer ended while it streamed): a failed hunk at the place
 * the next chunk would have been searched from, never applied.
 */
export function addCutOff(proposal: Proposal, part: string): Proposal {
  const [id, next] = nextId(proposal);
  const reason = `cut off: the answer ended before ${part} was complete; nothing of it is proposed`;
  const hunk: LineHunk = { kind: 'lines', id, status: 'failed', reason, startLine: proposal.locator.from, oldLines: [], newLines: [] };
  return { ...next, hunks: [...next.hunks, hunk] };
}

/** Splits a located change into minimal hunks, places them in the current document and inserts them. */
function addLocated(proposal: Proposal, located: LocatedChange): Proposal {
  let next = proposal;
  for (const part of minimalParts(located)) {
    const [id, withId] = nextId(next);
    next = withId;
    let hunk: LineHunk = { kind: 'lines', id, status: 'pending', startLine: part.start, oldLines: ownLines(part.oldLines), newLines: ownLines(part.newLines), match: located.match };
    // Place it in the current document by replaying what happened since the proposal was made.
    for (const effect of next.locator.log) hunk = moveHunk(hunk, effect) as LineHunk;
    next = { ...next, hunks: insertLineHunk(next.hunks, hunk) };
  }
  return next;
}

interface Part {
  start: number;
  oldLines: string[];
  newLines: string[];
}

/** The located change's runs as hunks: each changed region between kept lines is one part. */
function minimalParts(located: LocatedChange): Part[] {
  const parts: Part[] = [];
  let line = located.start;
  let open: Part | undefined;
  for (const run of located.runs) {
    if (run.kind === 'same') {
      open = undefined;
      line += run.lines.length;
      continue;
    }
    if (open === undefined) {
      open = { start: line, oldLines: [], newLines: [] };
      parts.push(open);
    }
    // concat, not push(...): runs can be longer than the engine's argument limit.
    if (run.kind === 'removed') {
      open.oldLines = open.oldLines.concat(run.lines);
      line += run.lines.length;
    } else {
      open.newLines = open.newLines.concat(run.lines);
    }
  }
  return parts;
}

/** The lines a hunk occupies in the current document, or undefined if it occupies none. */
function regionOf(h: Hunk): { start: number; end: number } | undefined {
  if (h.kind !== 'lines' || h.status === 'failed' || h.status === 'rejected') return undefined;
  const count = h.status === 'accepted' ? h.newLines.length : h.oldLines.length;
  return { start: h.startLine, end: h.startLine + count };
}

/** Inserts a new pending hunk in position order, merged with adjacent pending ones; overlaps fail. */
function insertLineHunk(hunks: readonly Hunk[], hunk: LineHunk): Hunk[] {
  const region = regionOf(hunk)!;
  const clash = hunks.find((h) => {
    const r = regionOf(h);
    return r !== undefined && r.start < region.end && region.start < r.end;
  });
  if (clash !== undefined) {
    return [...hunks, { ...hunk, status: 'failed', reason: `overlaps hunk ${clash.id}, which changes the same lines` }];
  }
  // Position order; at one line a pure insertion goes before a replacement, else arrival order.
  const lineHunks = [...hunks.filter((h): h is LineHunk => h.kind === 'lines'), hunk].sort(
    (a, b) => a.startLine - b.startLine || Math.sign(a.oldLines.length) - Math.sign(b.oldLines.length),
  );
  // Adjacent pending hunks form one contiguous change.
  const merged: LineHunk[] = [];
  let last = -1; // the last merged hunk that occupies lines
  for (const h of lineHunks) {
    const prev = merged[last];
    if (prev?.status === 'pending' && h.status === 'pending' && prev.startLine + prev.oldLines.length === h.startLine) {
      merged[last] = { ...prev, oldLines: [...prev.oldLines, ...h.oldLines], newLines: [...prev.newLines, ...h.newLines] };
      continue;
    }
    merged.push(h);
    if (h.status !== 'failed') last = merged.length - 1;
  }
  return [...merged, ...hunks.filter((h) => h.kind !== 'lines')];
}

// ---- moving hunks ----------------------------------------------------------------------------

/** Why a pending hunk turned stale; the host tells a change read from the disk apart (`restale`). */
export const EDITED_INSIDE = 'the document was edited inside this hunk';
export const CHANGED_ON_DISK = 'the file changed on disk inside this hunk';

/** Gives stale hunks (of `ids`, still stale for an edit) another reason, e.g. that the change came from the disk. */
export function restale(proposal: Proposal, ids: ReadonlySet<string>, reason: string): Proposal {
  if (!proposal.hunks.some((h) => ids.has(h.id) && h.status === 'stale' && h.reason === EDITED_INSIDE)) return proposal;
  return { ...proposal, hunks: proposal.hunks.map((h) => (ids.has(h.id) && h.status === 'stale' && h.reason === EDITED_INSIDE ? { ...h, reason } : h)) };
}

/** Moves a hunk over one document edit; a pending hunk the edit touches becomes stale. */
function moveHunk(hunk: Hunk, effect: LoggedEdit): Hunk {
  if (hunk.kind !== 'lines') return hunk;
  const count = hunk.status === 'accepted' ? hunk.newLines.length : hunk.oldLines.length;
  const moved = effect.kind === 'lines' ? overLines(hunk.startLine, count, effect) : overChange(hunk.startLine, count, effect.change);
  if (moved !== undefined) return moved === hunk.startLine ? hunk : { ...hunk, startLine: moved };
  if (hunk.status !== 'pending') return hunk;
  return { ...hunk, status: 'stale', reason: EDITED_INSIDE };
}

/** New start of region [s, s + k) after lines [a, a + m) became n lines; undefined if they overlap. */
function overLines(s: number, k: number, { start: a, oldCount: m, newCount: n }: { start: number; oldCount: number; newCount: number }): number | undefined {
  if (k === 0 && m === 0) return s < a ? s : s + n - m; // two insertions at one point: the later goes after
  if (k === 0 ? s <= a : s + k <= a) return s;
  if (s >= a + m) return s + n - m;
  return undefined;
}

/** New start of region [s, s + k) after a document change; undefined if the change touches it. */
function overChange(s: number, k: number, change: DocumentChange): number | undefined {
  const { start, end } = change.range;
  const delta = lineBreaks(change.text) - (end.line - start.line);
  // The change ends before line s starts, or right at its start while leaving it a whole line. A pure
  // insertion also counts as touched by changes to the line above it: if that is an unterminated last
  // line, its end is the insertion point.
  const endsWithBreak = change.text.endsWith('\n') || change.text.endsWith('\r');
  const before =
    (k === 0 ? end.line < s - 1 : end.line < s) ||
    (end.line === s && end.character === 0 && (endsWithBreak || (change.text === '' && (start.character === 0 || (start.line === end.line && start.character === end.character)))));
  if (before) return s + delta;
  const after = k === 0 ? start.line > s || (start.line === s && start.character > 0) : start.line >= s + k;
  if (after) return s;
  return undefined;
}

function lineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

// ---- helpers ---------------------------------------------------------------------------------

function withHunk(proposal: Proposal, hunk: Hunk): Proposal {
  return { ...proposal, hunks: proposal.hunks.map((h) => (h.id === hunk.id ? hunk : h)) };
}

function logged(locator: Locator, effect: LoggedEdit, expected: readonly TextEdit[]): Locator {
  const withExpected = expected.length === 0 ? locator.expected : [...locator.expected, ...expected];
  if (!locator.open || sameEffect(locator.log.at(-1), effect)) return { ...locator, expected: withExpected };
  return { ...locator, log: [...locator.log, effect], expected: withExpected };
}

/**
 * Two changes inside one line that add or remove no line break move no line, and make stale the same
 * hunks (those overlapping the line, and an insertion at its end or, for a change at column 0, at its
 * start — see overChange): the second changes nothing after the first. So a run of keystrokes on one
 * line is logged once.
 */
function sameEffect(last: LoggedEdit | undefined, next: LoggedEdit): boolean {
  if (last?.kind !== 'change' || next.kind !== 'change') return false;
  const a = inLineClass(last.change);
  return a !== undefined && a === inLineClass(next.change);
}

/** For a change within one line that writes no line break: its line and how it meets the line start; else undefined. */
function inLineClass(change: DocumentChange): string | undefined {
  const { start, end } = change.range;
  if (start.line !== end.line || /[\r\n]/.test(change.text)) return undefined;
  const atStart = start.character === 0 ? (change.text === '' && end.character === 0 ? 'noop' : 'start') : 'inside';
  return `${start.line}:${atStart}`;
}

/**
 * The lines as strings of their own. Lines split from a text are slices that keep the whole text
 * alive (V8's sliced strings): a hunk would hold its file's (and its patch's) full text for as long
 * as the card lives.
 */
function ownLines(lines: readonly string[]): string[] {
  return JSON.parse(JSON.stringify(lines)) as string[];
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

function fileOperationOf(hunk: FileHunk): FileOperation {
  switch (hunk.kind) {
    case 'add':
      return { op: 'create', path: hunk.path, text: hunk.text ?? '' };
    case 'delete':
      return { op: 'delete', path: hunk.path };
    case 'move':
      return { op: 'rename', from: hunk.path, to: hunk.moveTo! };
  }
}

/** Combines non-overlapping edits of one text into a single edit, keeping the bytes between them. */
function combine(text: string, edits: readonly TextEdit[]): TextEdit {
  const sorted = [...edits].sort((a, b) => a.startOffset - b.startOffset);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  let newText = '';
  let offset = first.startOffset;
  for (const e of sorted) {
    newText += text.slice(offset, e.startOffset) + e.newText;
    offset = e.endOffset;
  }
  return { startOffset: first.startOffset, endOffset: last.endOffset, start: first.start, end: last.end, newText };
}

