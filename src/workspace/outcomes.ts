// What the model has been told about its edits. One record per tool call (or per answer with
// SEARCH/REPLACE blocks), read when a turn *starts*: the API needs an output for each call of the
// turn before, and every later decision on a hunk is said once, in a note, the next time.
// Pure: no vscode.
import type { TurnOutcomes } from '../backend';
import type { Proposal } from '../edits/hunks';
import type { HunkStatus } from '../protocol';
import { outcomeLine } from './hunkViews';

/** A file of a call as the proposals store keeps it (read live: decisions change it). */
export interface CallFile {
  readonly path: string;
  readonly proposal: Proposal | undefined;
  readonly error: string | undefined;
}

export interface CallSource {
  readonly callId: string;
  readonly turnId: string;
  /** SEARCH/REPLACE in the answer text: no API call, so never an output — only notes. */
  readonly inText: boolean;
  files(): readonly CallFile[];
  /** Patch text that could not be read. */
  errors(): readonly string[];
}

interface CallRecord {
  readonly source: CallSource;
  /** What the model was last told of each hunk, by "file index:hunk id". */
  readonly told: Map<string, HunkStatus>;
  /** The API output was given, or will never be (in-text edits, a call its turn never completed). */
  settled: boolean;
}

const FINAL: ReadonlySet<HunkStatus> = new Set(['accepted', 'rejected', 'failed']);

export class OutcomeLedger {
  private readonly calls = new Map<string, CallRecord>();

  /** `told`: the model already knows the hunks as they are now (a card brought back after a reload). */
  record(source: CallSource, { told = false } = {}): void {
    const record: CallRecord = { source, told: new Map(), settled: source.inText };
    if (told) this.markTold(record);
    this.calls.set(source.callId, record);
  }

  /** Forgets the calls of these turns (their conversation was deleted): nothing more is said of them. */
  forget(turnIds: ReadonlySet<string>): void {
    for (const [callId, record] of this.calls) if (turnIds.has(record.source.turnId)) this.calls.delete(callId);
  }

  /**
   * A call its turn never completed (cut off mid-stream by a stop or a steer): the backend keeps no
   * call to answer, so its decisions go out as notes from now on.
   */
  settle(callId: string): void {
    const record = this.calls.get(callId);
    if (record) record.settled = true;
  }

  /**
   * Outputs for the calls awaiting one, and a note with every decision not yet told. Each hunk
   * status reaches the model once: what is taken here is not taken again.
   */
  take(awaitingOutput: readonly string[], turnIds?: ReadonlySet<string>): TurnOutcomes {
    const awaiting = new Set(awaitingOutput);
    const outputs: TurnOutcomes['outputs'] = [];
    const notes: string[] = [];
    for (const record of this.calls.values()) {
      // Another conversation's decisions wait for that conversation to continue.
      if (turnIds !== undefined && !turnIds.has(record.source.turnId)) continue;
      if (awaiting.has(record.source.callId)) {
        outputs.push({ callId: record.source.callId, output: this.output(record) });
        record.settled = true;
      } else if (record.settled) {
        notes.push(...this.changes(record));
      }
    }
    this.release();
    return notes.length === 0
      ? { outputs }
      : { outputs, note: `Since your last answer, the user reviewed earlier proposed edits:\n${notes.map((n) => `- ${n}`).join('\n')}` };
  }

  /** Calls still remembered (for tests and for releasing with their conversation). */
  get size(): number {
    return this.calls.size;
  }

  /**
   * The outputs `take` would give these calls now, without telling anything: saved with the
   * conversation, they answer its calls after a reload (which forgets this ledger).
   */
  peek(callIds: readonly string[]): Record<string, string> {
    const outputs: Record<string, string> = {};
    for (const callId of callIds) {
      const record = this.calls.get(callId);
      if (record && !record.settled) outputs[callId] = describe(record.source);
    }
    return outputs;
  }

  private output(record: CallRecord): string {
    const text = describe(record.source);
    this.markTold(record);
    return text;
  }

  /** "src/a.ts: accepted h2" for each file with a hunk whose status changed since the model was told. */
  private changes(record: CallRecord): string[] {
    const lines: string[] = [];
    record.source.files().forEach((file, index) => {
      if (file.proposal === undefined) return;
      // A status never told and still pending says nothing yet; any other change is news.
      const changed = file.proposal.hunks.filter((h) => {
        const told = record.told.get(`${index}:${h.id}`);
        return told !== h.status && (told !== undefined || h.status !== 'pending');
      });
      if (changed.length > 0) lines.push(outcomeLine(file.path, { ...file.proposal, hunks: changed }, undefined));
    });
    this.markTold(record);
    return lines;
  }

  private markTold(record: CallRecord): void {
    record.source.files().forEach((file, index) => {
      for (const h of file.proposal?.hunks ?? []) record.told.set(`${index}:${h.id}`, h.status);
    });
  }

  /** A call whose every hunk is decided for good, and told, has nothing left to say. */
  private release(): void {
    for (const [callId, record] of this.calls) {
      if (!record.settled) continue;
      const open = record.source.files().some((file, index) =>
        (file.proposal?.hunks ?? []).some((h) => !FINAL.has(h.status) || record.told.get(`${index}:${h.id}`) !== h.status),
      );
      if (!open) this.calls.delete(callId);
    }
  }
}

/** A call's output: each file's outcome ("src/a.ts: accepted h1, h2") and what could not be read. */
function describe(source: CallSource): string {
  const lines = source.files().map((f) => outcomeLine(f.path, f.proposal, f.error));
  lines.push(...source.errors());
  return lines.length > 0 ? lines.join('\n') : 'No file changes could be read from the patch.';
}
