// The opt-in quality gate, without vscode: runs the user's check command (one at a time, debounced,
// cancellable) and keeps the tail of its output; and compares diagnostics before and after an accept
// to say which errors the edit introduced. The vscode glue shows the run as a task and the result on
// the turn.
import { spawn } from 'node:child_process';

export interface GateResult {
  status: 'passed' | 'failed' | 'cancelled';
  exitCode: number | null;
  durationMs: number;
  /** The last lines of stdout and stderr, interleaved as they came. */
  tail: string;
}

const TAIL_LINES = 40;
const TAIL_CHARS = 8_000;

/** The last `maxLines` lines (and at most `maxChars` characters) of a text. */
export function tailOf(text: string, maxLines = TAIL_LINES, maxChars = TAIL_CHARS): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  let start = end;
  for (let lines = 0; start > 0 && lines < maxLines; ) {
    start--;
    if (text[start] === '\n' && ++lines === maxLines) {
      start++;
      break;
    }
  }
  return text.slice(Math.max(start, end - maxChars), end);
}

/**
 * Runs `command` in a shell in `cwd`. Output streams to `onOutput` as it comes (the task terminal)
 * while only a bounded tail is kept. Aborting kills the process group.
 */
export function runCheck(command: string, cwd: string, signal: AbortSignal, onOutput: (chunk: string) => void = () => {}): Promise<GateResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let kept = '';
    const child = spawn(command, { cwd, shell: true, detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    const take = (data: Buffer) => {
      const chunk = data.toString('utf8');
      onOutput(chunk);
      kept = tailOf(kept + chunk, TAIL_LINES * 4, TAIL_CHARS * 4); // bounded: never the whole output
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    const kill = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGTERM');
        else child.kill('SIGTERM');
      } catch {
        // already gone
      }
    };
    if (signal.aborted) kill();
    else signal.addEventListener('abort', kill, { once: true });
    const finish = (exitCode: number | null, error?: Error) => {
      signal.removeEventListener('abort', kill);
      if (error) kept += `\n${error.message}`;
      resolve({
        status: signal.aborted ? 'cancelled' : exitCode === 0 ? 'passed' : 'failed',
        exitCode,
        durationMs: performance.now() - started,
        tail: tailOf(kept),
      });
    };
    child.on('error', (e) => finish(null, e));
    child.on('close', (code) => finish(code));
  });
}

/**
 * Runs the gate after accepts: a burst of accepts runs it once (debounced), only one run at a time,
 * and an accept during a run cancels it and starts over once it has stopped.
 */
export class GateScheduler<T> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: { abort: AbortController; done: Promise<void> } | undefined;
  private pending: T | undefined;

  constructor(
    private readonly debounceMs: number,
    private readonly run: (subject: T, signal: AbortSignal) => Promise<void>,
  ) {}

  /** Asks for a run about `subject` (e.g. the turn whose hunk was accepted). */
  request(subject: T): void {
    this.pending = subject;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.start(), this.debounceMs);
  }

  /** Runs now (on demand), cancelling a run in progress. */
  async runNow(subject: T): Promise<void> {
    clearTimeout(this.timer);
    this.pending = subject;
    await this.start();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.pending = undefined;
    this.running?.abort.abort();
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  private async start(): Promise<void> {
    if (this.running) {
      this.running.abort.abort();
      await this.running.done;
    }
    const subject = this.pending;
    if (subject === undefined) return;
    this.pending = undefined;
    const abort = new AbortController();
    const done = this.run(subject, abort.signal).finally(() => {
      if (this.running?.abort === abort) this.running = undefined;
    });
    this.running = { abort, done };
    await done;
  }
}

/** An error diagnostic as compared across an edit: line numbers move, so only the message and code count. */
export interface ErrorKey {
  message: string;
  code?: string;
}

/**
 * How many errors are new after an edit, per file: each error after the edit that has no identical
 * error (message and code) before it, counted as multisets so a second copy of an old error counts.
 */
export function introducedErrors(before: ReadonlyMap<string, readonly ErrorKey[]>, after: ReadonlyMap<string, readonly ErrorKey[]>): Map<string, number> {
  const introduced = new Map<string, number>();
  for (const [file, errors] of after) {
    const old = new Map<string, number>();
    for (const e of before.get(file) ?? []) old.set(keyOf(e), (old.get(keyOf(e)) ?? 0) + 1);
    let fresh = 0;
    for (const e of errors) {
      const left = old.get(keyOf(e)) ?? 0;
      if (left > 0) old.set(keyOf(e), left - 1);
      else fresh++;
    }
    if (fresh > 0) introduced.set(file, fresh);
  }
  return introduced;
}

const keyOf = (e: ErrorKey) => `${e.code ?? ''}\u0000${e.message}`;

/** "this edit introduced 2 errors in cart.ts" / "… 3 errors in 2 files". */
export function introducedSummary(introduced: ReadonlyMap<string, number>): string | undefined {
  const total = [...introduced.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const noun = total === 1 ? 'error' : 'errors';
  const where = introduced.size === 1 ? [...introduced.keys()][0]! : `${introduced.size} files`;
  return `this edit introduced ${total} ${noun} in ${where}`;
}
