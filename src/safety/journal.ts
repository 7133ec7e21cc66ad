// The edit journal: one JSON line per turn, hunk decision, checkpoint, restore and quality-gate result,
// appended to a file in the extension's workspace storage. Pure Node (no vscode) so the format is
// tested in milliseconds. The schema is versioned (`v`); readers skip lines of other versions and
// malformed lines instead of failing, so a journal written by a newer Flowpair still opens.
//
// By default no prompt or code text is stored: a text is kept as its SHA-256 and length (`TextRef`);
// the user may opt in to keeping the text itself. Paths and line ranges are always stored.
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export const JOURNAL_VERSION = 1;

/** A prompt or code text: always its hash and length, the text itself only when the user opted in. */
export interface TextRef {
  sha256: string;
  chars: number;
  text?: string;
}

export type Decision = 'accepted' | 'accepted-with-changes' | 'rejected' | 'stale' | 'dismissed' | 'undone' | 'redone';
/** How the user decided: a card or CodeLens click, a key, an "all" action, or the undo stack. */
export type DecisionVia = 'click' | 'key' | 'all' | 'undo' | 'edit';

interface Base {
  v: typeof JOURNAL_VERSION;
  /** ISO 8601 time the record was written. */
  time: string;
  conversationId: string;
}

export type JournalRecord =
  | (Base & {
      kind: 'turn';
      turnId: string;
      origin: string;
      prompt: TextRef;
      model: string;
      provider: string;
      transport?: string;
      ttftMs?: number;
      outputTokens?: number;
    })
  | (Base & {
      kind: 'decision';
      turnId: string;
      /** Workspace-relative path. */
      file: string;
      /** 1-based first line and line count of the hunk in the document when decided. */
      line: number;
      lines: number;
      decision: Decision;
      via: DecisionVia;
      /** The hunk's new text (a TextRef; text only when opted in, never for an excluded file). */
      added?: TextRef;
    })
  | (Base & { kind: 'checkpoint'; turnId: string; checkpointId: string; files: string[] })
  | (Base & { kind: 'restore'; scope: 'turn' | 'conversation'; turnId?: string; restored: string[]; skipped: string[] })
  | (Base & {
      kind: 'gate';
      turnId: string;
      source: 'command' | 'diagnostics';
      status: 'passed' | 'failed' | 'cancelled' | 'errors';
      durationMs?: number;
      /** e.g. "exit 1" or "2 errors in src/cart.ts". */
      summary: string;
    });

export type JournalKind = JournalRecord['kind'];
/** A record before the journal stamps it with the version and the time. */
export type JournalEntry = JournalRecord extends infer R ? (R extends JournalRecord ? Omit<R, 'v' | 'time'> : never) : never;

export function textRef(text: string, keepText: boolean): TextRef {
  const ref: TextRef = { sha256: createHash('sha256').update(text).digest('hex'), chars: text.length };
  if (keepText) ref.text = text;
  return ref;
}

export interface JournalFilter {
  conversationId?: string;
  /** Workspace-relative path: decisions on it, and the turns and checkpoints that touched it. */
  file?: string;
  decision?: Decision;
}

/** Appends records one at a time, in order; reads them back tolerating damage. */
export class Journal {
  private queue: Promise<void> = Promise.resolve();
  private dirReady: Promise<unknown> | undefined;

  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  append(entry: JournalEntry): Promise<void> {
    const record = { v: JOURNAL_VERSION, time: this.now().toISOString(), ...entry } as JournalRecord;
    const line = JSON.stringify(record) + '\n';
    this.dirReady ??= mkdir(dirname(this.file), { recursive: true });
    const write = this.queue.then(() => this.dirReady).then(() => appendFile(this.file, line, 'utf8'));
    // A failed write must not block the ones after it; the caller sees its own failure.
    this.queue = write.catch(() => undefined);
    return write;
  }

  /** Every readable record, oldest first, and how many lines were skipped (damaged or another version). */
  async read(): Promise<{ records: JournalRecord[]; skipped: number }> {
    await this.queue;
    let raw: string;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
      throw e;
    }
    return parseJournal(raw);
  }

  /** Writes the (filtered) records to `target` as JSON lines, e.g. for "Export Edit Journal". */
  async export(target: string, filter: JournalFilter = {}): Promise<number> {
    const { records } = await this.read();
    const kept = filterJournal(records, filter);
    await writeFile(target, kept.map((r) => JSON.stringify(r) + '\n').join(''), 'utf8');
    return kept.length;
  }
}

const KINDS: ReadonlySet<string> = new Set<JournalKind>(['turn', 'decision', 'checkpoint', 'restore', 'gate']);

export function parseJournal(raw: string): { records: JournalRecord[]; skipped: number } {
  const records: JournalRecord[] = [];
  let skipped = 0;
  for (const line of raw.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const r = value as Partial<JournalRecord> | null;
    if (r && typeof r === 'object' && r.v === JOURNAL_VERSION && typeof r.kind === 'string' && KINDS.has(r.kind) && typeof r.conversationId === 'string' && typeof r.time === 'string') {
      records.push(r as JournalRecord);
    } else skipped++;
  }
  return { records, skipped };
}

/** Records matching every given criterion. A file filter keeps the decisions on that file and the turns, checkpoints and restores that touched it. */
export function filterJournal(records: readonly JournalRecord[], filter: JournalFilter): JournalRecord[] {
  const turnsOnFile = filter.file === undefined ? undefined : new Set(records.filter((r) => r.kind === 'decision' && r.file === filter.file).map((r) => (r as { turnId: string }).turnId));
  return records.filter((r) => {
    if (filter.conversationId !== undefined && r.conversationId !== filter.conversationId) return false;
    if (filter.decision !== undefined && (r.kind !== 'decision' || r.decision !== filter.decision)) return false;
    if (filter.file !== undefined) {
      switch (r.kind) {
        case 'decision':
          return r.file === filter.file;
        case 'checkpoint':
          return r.files.includes(filter.file);
        case 'restore':
          return r.restored.includes(filter.file) || r.skipped.includes(filter.file);
        default:
          return turnsOnFile!.has(r.turnId);
      }
    }
    return true;
  });
}
