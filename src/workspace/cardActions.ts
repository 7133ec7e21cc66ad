// The composer card's buttons (protocol `hunk`/`file` messages), routed to the proposals.
import * as notify from '../notify';
import type { FileAction, HunkAction } from '../protocol';
import type { ProposalStore } from './proposals';
import type { ProposalReview } from './review';

export interface CardActions {
  hunk(fileId: string, hunkId: string, action: HunkAction): void;
  file(fileId: string, action: FileAction): void;
}

export function cardActions(store: ProposalStore, review: ProposalReview): CardActions {
  const hunkActions = {
    accept: (f: string, h: string) => store.accept(f, h),
    reject: (f: string, h: string) => store.reject(f, h),
    reveal: (f: string, h: string) => review.reveal(f, h),
  } satisfies Record<HunkAction, (fileId: string, hunkId: string) => Promise<void>>;
  const fileActions = {
    acceptAll: (f: string) => store.acceptAll(f),
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
