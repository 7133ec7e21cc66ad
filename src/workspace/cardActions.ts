// The composer card's buttons (protocol `hunk`/`file` messages), routed to the proposals.
import * as vscode from 'vscode';
import * as notify from '../notify';
import type { FileAction, HunkAction } from '../protocol';
import type { ProposalStore } from './proposals';
import type { ProposalReview } from './review';

export interface CardActions {
  hunk(fileId: string, hunkId: string, action: HunkAction): void;
  file(fileId: string, action: FileAction): void;
}

export function cardActions(store: ProposalStore, review: ProposalReview): CardActions {
  // An accepted new file opens (keyboard focus stays in the composer).
  const openIfAdded = async (fileId: string) => {
    const entry = store.entry(fileId);
    const added = entry?.proposal?.hunks.some((h) => h.kind === 'add' && h.status === 'accepted');
    if (added && entry?.uri) await vscode.window.showTextDocument(entry.uri, { preview: false, preserveFocus: true });
  };
  const hunkActions = {
    accept: (f: string, h: string) => store.accept(f, h).then(() => openIfAdded(f)),
    reject: (f: string, h: string) => store.reject(f, h),
    reveal: (f: string, h: string) => review.reveal(f, h),
  } satisfies Record<HunkAction, (fileId: string, hunkId: string) => Promise<void>>;
  const fileActions = {
    acceptAll: (f: string) => store.acceptAll(f).then(() => openIfAdded(f)),
    rejectAll: (f: string) => store.rejectAll(f),
    review: (f: string) => review.openDiff(f),
  } satisfies Record<FileAction, (fileId: string) => Promise<void>>;
  return {
    hunk: (fileId, hunkId, action) => void hunkActions[action](fileId, hunkId).catch(report),
    file: (fileId, action) => void fileActions[action](fileId).catch(report),
  };
}

function report(e: unknown): void {
  void notify.error(`Flowpair: ${e instanceof Error ? e.message : String(e)}`);
}
