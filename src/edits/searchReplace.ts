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
// parser; blocks carry no context and may come in any order in the file.
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

export class SearchReplaceParser extends LineParser {
  private state: 'outside' | 'search' | 'replace' = 'outside';
  private readonly files: FileEdit[] = [];
  private candidate: string | undefined;
  private path: string | undefined;
  private changes: Change[] = [];
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
        if (marker === 'divider') this.state = 'replace';
        else if (marker !== undefined) this.fail(`expected '=======' before '${trimmed}'`);
        else this.oldLines.push(text);
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
    if (this.path === undefined) return this.fail('no SEARCH/REPLACE blocks found');
    this.endFile();
    this.emit({ type: 'end', files: [...this.files] });
  }

  private startBlock(): void {
    const raw = this.candidate;
    this.candidate = undefined;
    if (raw !== undefined) {
      const checked = checkPatchPath(raw);
      if (!checked.ok) return this.fail(checked.error);
      if (checked.path !== this.path) {
        if (this.path !== undefined) this.endFile();
        this.path = checked.path;
        this.changes = [];
        this.emit({ type: 'fileStart', fileIndex: this.files.length, op: 'update', path: checked.path });
      }
    } else if (this.path === undefined) {
      return this.fail('SEARCH block without a file path line before it');
    }
    this.oldLines = [];
    this.newLines = [];
    this.state = 'search';
  }

  private endBlock(): void {
    const change: Change = { context: [], oldLines: this.oldLines, newLines: this.newLines, atEndOfFile: false };
    this.emit({ type: 'change', fileIndex: this.files.length, changeIndex: this.changes.length, change });
    this.changes.push(change);
    this.state = 'outside';
  }

  private endFile(): void {
    const file: FileEdit = { op: 'update', path: this.path!, changes: this.changes };
    this.emit({ type: 'fileEnd', fileIndex: this.files.length, file });
    this.files.push(file);
  }
}

export function parseSearchReplace(text: string): ParseResult {
  return parseWhole(new SearchReplaceParser(), text);
}
