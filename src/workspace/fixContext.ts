// What "Fix this" and "Edit selection" send the model: the file (or, for big files, the lines around
// the spot) with line numbers, and what to do. Pure, so it is unit-tested without vscode.

/** Files longer than this are sent as a window of ±CONTEXT_LINES around the spot. */
export const WHOLE_FILE_LINES = 200;
export const CONTEXT_LINES = 60;

export interface Spot {
  /** Workspace-relative path. */
  readonly path: string;
  readonly text: string;
  readonly languageId: string;
  /** 0-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
}

export interface DiagnosticInfo {
  readonly message: string;
  readonly source?: string;
  readonly code?: string;
  /** 0-based. */
  readonly character: number;
}

export function fixContext(spot: Spot, diagnostic: DiagnosticInfo): string {
  const origin = [diagnostic.source, diagnostic.code].filter(Boolean).join(' ');
  return [
    `The user asked Flowpair to fix a problem in \`${spot.path}\`.`,
    `Diagnostic${origin ? ` (${origin})` : ''} at ${spot.path}:${spot.startLine + 1}:${diagnostic.character + 1}: ${diagnostic.message}`,
    excerpt(spot),
    `Fix it with a minimal apply_patch that changes only what the fix needs; paths are relative to the workspace folder (${spot.path}).`,
  ].join('\n\n');
}

export function selectionContext(spot: Spot, selected: string): string {
  return [
    `The user selected lines ${spot.startLine + 1}–${spot.endLine + 1} of \`${spot.path}\` and asks for the edit below.`,
    `Selected text:\n${fenced(selected, spot.languageId)}`,
    excerpt(spot),
    `Answer with a minimal apply_patch that changes the selected lines (and only what else the instruction needs); paths are relative to the workspace folder (${spot.path}).`,
  ].join('\n\n');
}

/** The whole file, or the lines around the spot, numbered (the numbers are not part of the file). */
export function excerpt(spot: Spot): string {
  const lines = spot.text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const whole = lines.length <= WHOLE_FILE_LINES;
  const from = whole ? 0 : Math.max(0, spot.startLine - CONTEXT_LINES);
  const to = whole ? lines.length : Math.min(lines.length, spot.endLine + CONTEXT_LINES + 1);
  const width = String(to).length;
  const numbered = lines.slice(from, to).map((line, i) => `${String(from + i + 1).padStart(width)} | ${line}`);
  const what = whole ? `${spot.path} (line numbers added for reference; they are not part of the file):` : `${spot.path}, lines ${from + 1}–${to} of ${lines.length} (line numbers added for reference; they are not part of the file):`;
  return `${what}\n${fenced(numbered.join('\n'), spot.languageId)}`;
}

/** A code fence longer than any backtick run inside, so the text cannot close it early. */
export function fenced(text: string, language: string): string {
  const fence = '`'.repeat(Math.max(2, longestBacktickRun(text)) + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/** One pass, no spread: a file of 100,000 template literals has as many runs as that. */
export function longestBacktickRun(text: string): number {
  let longest = 0;
  for (let at = text.indexOf('`'); at !== -1; ) {
    let end = at + 1;
    while (text.charCodeAt(end) === 96 /* ` */) end++;
    if (end - at > longest) longest = end - at;
    at = text.indexOf('`', end);
  }
  return longest;
}
