// File cards with their hunks. A card is built once; new hunks are appended and a status change
// touches only that hunk's chip and buttons (its lines are redrawn only when they changed, e.g. a
// later chunk merged into it). Nothing is written from here: every action is a request to the host,
// which answers with hunkUpdated.
import type { FileCardView, HunkStatus, HunkView } from '../src/protocol';
import { element } from './dom';
import { button, setDisabled } from './toolkit';
import { post } from './vscodeApi';

/** Long hunks are previewed, not printed whole: the diff editor shows the rest. */
const PREVIEW_LINES = 40;

interface HunkEntry {
  el: HTMLElement;
  /** The hunk's header button (reveals it in the editor); its name carries position and status. */
  head: HTMLElement;
  chip: HTMLElement;
  reason: HTMLElement;
  accept: HTMLElement;
  reject: HTMLElement;
  status: HunkStatus;
  view: HunkView;
}

interface Card {
  el: HTMLElement;
  turnId: string;
  path: string;
  op: FileCardView['op'];
  list: HTMLElement;
  summary: HTMLElement;
  acceptAll: HTMLElement;
  rejectAll: HTMLElement;
  hunks: Map<string, HunkEntry>;
}

export class HunkCards {
  private readonly cards = new Map<string, Card>();
  /** The hunk whose Accept/Reject was just pressed: when its decision arrives, focus moves on. */
  private deciding: { fileId: string; hunkId: string } | undefined;
  /** The card whose Accept all/Reject all was just pressed. */
  private decidingFile: string | undefined;
  /** Turns whose end arrived: their review notice follows late cards. */
  private readonly endedTurns = new Set<string>();

  constructor(
    private readonly containerFor: (turnId: string) => HTMLElement,
    private readonly onChange: () => void,
    private readonly say: (text: string) => void,
    /** Where focus goes when no pending hunk is left to review. */
    private readonly focusHome: () => void,
  ) {}

  /**
   * At the end of a turn with proposals, one line instead of the editor jumping to each file while
   * it streamed: "2 files changed — review", whose button shows the first pending change.
   */
  reviewNotice(turnId: string): void {
    this.endedTurns.add(turnId);
    this.showReviewNotice(turnId);
  }

  /** (Re)draws a finished turn's notice: cards can still arrive after the turn's end message. */
  private showReviewNotice(turnId: string): void {
    if (!this.endedTurns.has(turnId)) return;
    const container = this.containerFor(turnId);
    container.querySelector(':scope > .review-notice')?.remove();
    const cards = [...this.cards.values()].filter((c) => c.turnId === turnId);
    const first = cards.flatMap((c) => [...c.hunks].filter(([, h]) => h.status === 'pending').map(([hunkId]) => ({ c, hunkId })))[0];
    if (cards.length === 0 || first === undefined) return;
    const fileId = first.c.el.dataset.fileId!;
    const bar = element('div', 'review-notice');
    const files = `${cards.length} ${cards.length === 1 ? 'file' : 'files'} changed`;
    bar.append(element('span', undefined, `${files} — review`));
    const open = button('Review', 'secondary', `${files}: show the first proposed change in the editor`);
    open.addEventListener('click', () => post({ type: 'hunk', fileId, hunkId: first.hunkId, action: 'reveal' }));
    bar.append(open);
    container.append(bar);
  }

  /** "3 changes proposed in src/cart.ts, 1 in src/money.ts": one line for a turn's proposals. */
  summaryOf(turnId: string): string {
    const parts: string[] = [];
    for (const card of this.cards.values()) {
      if (card.turnId !== turnId) continue;
      const n = card.hunks.size;
      if (n === 0 && card.op === 'update') continue;
      const what = card.op === 'update' ? `${n} ${n === 1 ? 'change' : 'changes'}` : card.op === 'add' ? 'a new file' : `a ${card.op}`;
      parts.push(`${what} ${parts.length === 0 ? 'proposed ' : ''}${card.op === 'update' ? 'in' : 'of'} ${card.path}`);
    }
    return parts.length === 0 ? '' : `${parts.join(', ')}. Review them in the cards below or in the editor.`;
  }

  reset(files: FileCardView[]): void {
    this.cards.clear();
    for (const f of files) this.upsert(f);
  }

  /** A new card, or more hunks (and possibly an error) for one already shown. */
  upsert(file: FileCardView): void {
    const card = this.cards.get(file.id) ?? this.create(file);
    this.addHunks(file.id, file.hunks);
    if (file.error) this.fail(card, file.error);
  }

  addHunks(fileId: string, hunks: HunkView[]): void {
    const card = this.cards.get(fileId);
    if (!card) return;
    for (const h of hunks) {
      if (card.hunks.has(h.id)) continue;
      const entry = this.hunk(fileId, card, h);
      card.hunks.set(h.id, entry);
      card.list.append(entry.el);
    }
    this.summarize(card);
    this.showReviewNotice(card.turnId);
    this.onChange();
  }

  update(fileId: string, hunk: HunkView): void {
    const card = this.cards.get(fileId);
    const entry = card?.hunks.get(hunk.id);
    if (!card || !entry) return;
    const before = entry.status;
    let current = entry;
    if (sameLines(entry.view, hunk)) {
      entry.view = hunk;
      showStatus(entry, hunk.status, hunk.reason);
    } else {
      current = this.hunk(fileId, card, hunk);
      const hadFocus = entry.el.contains(document.activeElement);
      entry.el.replaceWith(current.el);
      card.hunks.set(hunk.id, current);
      if (hadFocus) current.head.focus();
    }
    this.summarize(card);
    if (before !== hunk.status && (before === 'pending' || hunk.status === 'stale' || hunk.status === 'failed')) {
      const { index, total } = position(card, hunk.id);
      const why = hunk.reason ? `: ${hunk.reason}` : '';
      this.say(`${capitalize(hunk.status)} change ${index} of ${total} in ${card.path}, line ${hunk.line}${why}.`);
    }
    const decided = this.deciding?.fileId === fileId && this.deciding.hunkId === hunk.id && hunk.status !== 'pending';
    if (decided) {
      this.deciding = undefined;
      this.focusNextPending(current.el);
    }
  }

  /** Focus to the Accept button of the next pending hunk after `from` (wrapping), else home. */
  private focusNextPending(from: HTMLElement): void {
    const pending = [...document.querySelectorAll<HTMLElement>('li.hunk[data-status="pending"]')];
    const next = pending.find((el) => from.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) ?? pending[0];
    const accept = next?.querySelector<HTMLElement>('.hunk-accept');
    if (accept) accept.focus();
    else this.focusHome();
  }

  remove(fileId: string, hunkId: string): void {
    const card = this.cards.get(fileId);
    const entry = card?.hunks.get(hunkId);
    if (!card || !entry) return;
    entry.el.remove();
    card.hunks.delete(hunkId);
    this.summarize(card);
  }

  private create(file: FileCardView): Card {
    const el = element('section', 'file-card');
    el.id = `file-${file.id}`;
    el.dataset.fileId = file.id;
    el.dataset.path = file.path;
    el.dataset.op = file.op;
    el.setAttribute('aria-label', file.op === 'add' ? `Proposed new file ${file.path}` : `Proposed ${file.op} of ${file.path}`);

    const head = element('header', 'file-head');
    const title = element('div', 'file-title');
    const path = element('span', 'file-path', file.path);
    path.title = file.path;
    const op = element('span', `op op-${file.op}`, file.op === 'move' && file.moveTo ? `move → ${file.moveTo}` : file.op === 'add' ? 'new file' : file.op);
    const summary = element('span', 'file-summary');
    title.append(path, op, summary);

    const actions = element('div', 'file-actions');
    const acceptAll = button('Accept all', 'primary');
    const rejectAll = button('Reject all', 'secondary');
    const review = button('Review in diff editor', 'secondary');
    acceptAll.setAttribute('aria-label', `Accept all pending hunks in ${file.path}`);
    rejectAll.setAttribute('aria-label', `Reject all pending hunks in ${file.path}`);
    review.setAttribute('aria-label', `Review ${file.path} in the diff editor`);
    const decideAll = (action: 'acceptAll' | 'rejectAll') => () => {
      this.decidingFile = file.id;
      post({ type: 'file', fileId: file.id, action });
    };
    acceptAll.addEventListener('click', decideAll('acceptAll'));
    rejectAll.addEventListener('click', decideAll('rejectAll'));
    review.addEventListener('click', () => post({ type: 'file', fileId: file.id, action: 'review' }));
    actions.append(acceptAll, rejectAll, review);
    head.append(title, actions);

    const list = element('ol', 'hunks');
    list.setAttribute('aria-label', `Hunks in ${file.path}`);
    el.append(head);
    if (file.sensitive) {
      // Files that can run code or change the editor: marked, and the host asks again on accept.
      el.classList.add('sensitive');
      title.append(element('span', 'sensitive-badge', 'sensitive'));
      el.append(element('div', 'file-sensitive', `${file.sensitive}. Accepting asks for a second confirmation.`));
    }
    el.append(list);
    this.containerFor(file.turnId).append(el);

    const card: Card = { el, turnId: file.turnId, path: file.path, op: file.op, list, summary, acceptAll, rejectAll, hunks: new Map() };
    this.cards.set(file.id, card);
    return card;
  }

  private hunk(fileId: string, card: Card, h: HunkView): HunkEntry {
    const { path } = card;
    const el = element('li', 'hunk');
    el.id = `hunk-${fileId}-${h.id}`;
    el.dataset.hunkId = h.id;

    const bar = element('div', 'hunk-bar');
    // The header is the way to the code: clicking it (or Enter/Space on it) reveals the hunk in the editor.
    const head = element('div', 'hunk-head');
    head.tabIndex = 0;
    head.setAttribute('role', 'button');
    head.title = 'Show in editor';
    const reveal = () => post({ type: 'hunk', fileId, hunkId: h.id, action: 'reveal' });
    head.addEventListener('click', reveal);
    head.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        reveal();
      }
    });
    const chip = element('span', 'status-chip');
    const reason = element('span', 'hunk-reason');
    head.append(element('span', 'hunk-line', `Line ${h.line}`), chip, reason);

    const accept = button('Accept', 'primary');
    const reject = button('Reject', 'secondary');
    accept.classList.add('hunk-accept');
    reject.classList.add('hunk-reject');
    accept.setAttribute('aria-label', `Accept the change at line ${h.line} of ${path}`);
    reject.setAttribute('aria-label', `Reject the change at line ${h.line} of ${path}`);
    const decide = (action: 'accept' | 'reject') => () => {
      if (entry.status !== 'pending' && !(action === 'reject' && entry.status === 'stale')) return;
      this.deciding = { fileId, hunkId: h.id };
      post({ type: 'hunk', fileId, hunkId: h.id, action });
    };
    accept.addEventListener('click', decide('accept'));
    reject.addEventListener('click', decide('reject'));
    const actions = element('div', 'hunk-actions');
    actions.append(accept, reject);
    bar.append(head, actions);

    el.append(bar, diff(h, card.op === 'add'));
    const entry: HunkEntry = { el, head, chip, reason, accept, reject, status: h.status, view: h };
    showStatus(entry, h.status, h.reason);
    return entry;
  }

  private fail(card: Card, message: string): void {
    card.el.classList.add('failed');
    let error = card.el.querySelector<HTMLElement>('.file-error');
    if (!error) {
      error = element('div', 'file-error');
      error.setAttribute('role', 'alert');
      card.list.before(error);
    }
    error.textContent = message;
    this.summarize(card);
  }

  private summarize(card: Card): void {
    const counts = new Map<HunkStatus, number>();
    for (const h of card.hunks.values()) counts.set(h.status, (counts.get(h.status) ?? 0) + 1);
    const pending = counts.get('pending') ?? 0;
    const failed = card.el.classList.contains('failed');
    const total = card.hunks.size;
    // add/delete/move can be a whole-file decision without hunks; an update waits for its hunks
    const decidable = pending > 0 || (total === 0 && card.op !== 'update');
    setDisabled(card.acceptAll, failed || !decidable);
    setDisabled(card.rejectAll, failed || !decidable);
    if (this.decidingFile === card.el.dataset.fileId && !decidable) {
      this.decidingFile = undefined;
      this.focusNextPending(card.el);
    }
    card.summary.textContent = failed
      ? 'failed'
      : pending > 0
        ? `${pending} of ${total} pending`
        : [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
    // Names carry position and state, so a screen reader user hears what sighted users see.
    let index = 0;
    for (const entry of card.hunks.values()) {
      const { line } = entry.view;
      const reason = entry.view.reason ? ` — ${entry.view.reason}` : '';
      const where = `change ${++index} of ${total}, line ${line} of ${card.path}`;
      entry.head.setAttribute('aria-label', `${capitalize(where)}, ${entry.status}${reason}. Show in the editor`);
      entry.accept.setAttribute('aria-label', `Accept ${where}`);
      entry.reject.setAttribute('aria-label', `${entry.status === 'stale' ? 'Dismiss' : 'Reject'} ${where}`);
    }
  }
}

function position(card: Card, hunkId: string): { index: number; total: number } {
  const ids = [...card.hunks.keys()];
  return { index: ids.indexOf(hunkId) + 1, total: ids.length };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function showStatus(entry: HunkEntry, status: HunkStatus, reason?: string): void {
  entry.status = status;
  entry.el.dataset.status = status;
  entry.chip.className = `status-chip status-${status}`;
  entry.chip.textContent = status;
  entry.reason.textContent = reason ?? '';
  entry.reason.title = reason ?? '';
  setDisabled(entry.accept, status !== 'pending');
  // A stale hunk can no longer be applied, only dismissed (rejected): its Reject says so.
  setDisabled(entry.reject, status !== 'pending' && status !== 'stale');
  entry.reject.textContent = status === 'stale' ? 'Dismiss' : 'Reject';
}

/**
 * The hunk as a unified diff preview: removed lines first, then added ones. A new file is shown
 * whole, in a box that scrolls: it is accepted as a whole, so nothing of it may hide behind "more".
 */
function diff(h: HunkView, whole: boolean): HTMLElement {
  const pre = element('pre', whole ? 'diff diff-whole' : 'diff');
  pre.setAttribute('aria-label', `${h.removed.length} lines removed, ${h.added.length} added`);
  const lines: [string, string][] = [...h.removed.map((l): [string, string] => ['del', l]), ...h.added.map((l): [string, string] => ['ins', l])];
  const shown = whole ? lines.length : PREVIEW_LINES;
  for (const [kind, text] of lines.slice(0, shown)) {
    const line = element('div', `diff-line ${kind}`);
    line.append(element('span', 'sign', kind === 'del' ? '-' : '+'), document.createTextNode(text || ' '));
    pre.append(line);
  }
  if (lines.length > shown) pre.append(element('div', 'diff-more', `… ${lines.length - PREVIEW_LINES} more lines — Review in diff editor`));
  return pre;
}

function sameLines(a: HunkView, b: HunkView): boolean {
  return a.line === b.line && a.removed.join('\n') === b.removed.join('\n') && a.added.join('\n') === b.added.join('\n') && a.removed.length === b.removed.length && a.added.length === b.added.length;
}
