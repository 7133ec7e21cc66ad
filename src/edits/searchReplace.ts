// Streaming parser for SEARCH/REPLACE blocks, the edit format of models without apply_patch:
//
//   path/to/file.ts
//   ```ts
//   <<<<<<< SEARCH
//   old lines
//   =======
//   new lines
//   >>>>>>> REPLACE
//   ```
//
// The path is the last path-looking line before a block (fences and prose are skipped); blocks
// without a new path line continue the previous file. Produces the same events as the apply_patch
// parser; blocks carry no context and may come in any order in the file. An empty SEARCH creates
// the file (or fills an empty one): it becomes an 'add' file operation that refuses to overwrite.
import { LineParser, parseWhole, type ParseResult } from './lineParser';
import { checkPatchPath } from './paths';
import type { Change, FileEdit } from './types';

const SEARCH = /^<{5,9}\s*SEARCH$/i;
const DIVIDER = /^={5,9}$/;
const REPLACE = /^>{5,9}\s*REPLACE$/i;
const FENCE = /^(?:`{3,}|~{3,})/;
const PATH_CHARS = /^[\w.\-/\\@+~$[\]]+$/;

/** 'src/a.ts', '`src/a.ts`', '**src/a.ts**', '# src/a.ts', 'File: src/a.ts:' → 'src/a.ts'. */
function pathCandidate(trimmed: string): string | undefined {
  const s = trimmed
    .replace(/^#+\s*/, '')
    .replace(/^(?:file|path)\s*:\s*/i, '')
    .replace(/^[*`'"]+|[*`'"]+$/g, '')
    .replace(/:$/, '');
  return PATH_CHARS.test(s) && /\w/.test(s) ? s : undefined;
}

/** The file the blocks go to: an update (started once its first SEARCH has a line) or a new file. */
interface Target {
  readonly path: string;
  op: 'update' | 'add' | undefined;
  changes: Change[];
}

export class SearchReplaceParser extends LineParser {
  private state: 'outside' | 'search' | 'replace' = 'outside';
  private readonly files: FileEdit[] = [];
  private candidate: string | undefined;
  private target: Target | undefined;
  private oldLines: string[] = [];
  private newLines: string[] = [];

  protected line(text: string): void {
    const trimmed = text.trim();
    const marker = SEARCH.test(trimmed) ? 'search' : DIVIDER.test(trimmed) ? 'divider' : REPLACE.test(trimmed) ? 'replace' : undefined;
    switch (this.state) {
      case 'outside':
        if (marker === 'search') return this.startBlock();
        if (marker !== undefined) return this.fail(`'${trimmed}' outside a SEARCH/REPLACE block`);
        if (trimmed !== '' && !FENCE.test(trimmed)) this.candidate = pathCandidate(trimmed) ?? this.candidate;
        return;
      case 'search':
        if (marker === 'divider') return this.divide();
        if (marker !== undefined) return this.fail(`expected '=======' before '${trimmed}'`);
        this.oldLines.push(text);
        if (trimmed !== '') this.start('update');
        return;
      case 'replace':
        if (marker === 'replace') return this.endBlock();
        if (marker !== undefined) return this.fail(`expected '>>>>>>> REPLACE' before '${trimmed}'`);
        this.newLines.push(text);
        return;
    }
  }

  protected finish(): void {
    if (this.state !== 'outside') return this.fail("the input ended inside a SEARCH/REPLACE block (missing '>>>>>>> REPLACE')");
    if (this.target === undefined) return this.fail('no SEARCH/REPLACE blocks found');
    if (this.target.op === 'update') this.endFile();
    this.emit({ type: 'end', files: [...this.files] });
  }

  protected closes(trimmed: string): boolean {
    return this.state === 'replace' && REPLACE.test(trimmed);
  }

  protected cutOff(): void {
    const target = this.target;
    if (this.state === 'outside' || target === undefined) {
      if (target?.op === 'update') this.endFile();
      return;
    }
    const block = `SEARCH/REPLACE block ${target.changes.length + 1} of ${target.path}`;
    this.emit({ type: 'cutOff', fileIndex: this.files.length, path: target.path, fileStarted: target.op !== undefined, part: block });
  }

  private startBlock(): void {
    const raw = this.candidate;
    this.candidate = undefined;
    if (raw !== undefined) {
      const checked = checkPatchPath(raw);
      if (!checked.ok) return this.fail(checked.error);
      if (checked.path !== this.target?.path) {
        if (this.target?.op === 'update') this.endFile();
        this.target = { path: checked.path, op: undefined, changes: [] };
      }
    } else if (this.target === undefined) {
      return this.fail('SEARCH block without a file path line before it');
    }
    this.oldLines = [];
    this.newLines = [];
    this.state = 'search';
  }

  /** Emits the target's fileStart the first time a block shows what it is. */
  private start(op: 'update' | 'add'): void {
    const target = this.target!;
    if (target.op === op) return;
    if (target.op === 'update') this.endFile();
    target.op = op;
    target.changes = [];
    this.emit({ type: 'fileStart', fileIndex: this.files.length, op, path: target.path });
  }

  private divide(): void {
    // An empty SEARCH creates the file (Aider's convention): a file operation of its own.
    this.start(this.oldLines.some((l) => l.trim() !== '') ? 'update' : 'add');
    this.state = 'replace';
  }

  private endBlock(): void {
    const target = this.target!;
    this.state = 'outside';
    if (target.op === 'add') {
      const file: FileEdit = { op: 'add', path: target.path, lines: this.newLines, createOnly: true };
      this.emit({ type: 'fileEnd', fileIndex: this.files.length, file });
      this.files.push(file);
      target.op = undefined;
      return;
    }
    const change: Change = { context: [], oldLines: this.oldLines, newLines: this.newLines, atEndOfFile: false };
    this.emit({ type: 'change', fileIndex: this.files.length, changeIndex: target.changes.length, change });
    target.changes.push(change);
  }

  private endFile(): void {
    const target = this.target!;
    const file: FileEdit = { op: 'update', path: target.path, changes: target.changes };
    this.emit({ type: 'fileEnd', fileIndex: this.files.length, file });
    this.files.push(file);
    target.op = undefined;
  }
}

export function parseSearchReplace(text: string): ParseResult {
  return parseWhole(new SearchReplaceParser(), text);
}
