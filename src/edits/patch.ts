// Streaming parser for the apply_patch (V4A) format. Lenient where Codex's reference parser is
// (whitespace around markers, missing final newline, '@@' with or without context, blank lines
// between chunks), strict on paths. Events come out as soon as the next line proves them complete.
import { LineParser, parseWhole, type ParseResult } from './lineParser';
import { checkPatchPath } from './paths';
import type { Change, FileEdit } from './types';

type Marker =
  | { kind: 'begin' | 'end' | 'endOfFile' }
  | { kind: 'add' | 'delete' | 'update' | 'move'; path: string };

const MARKERS: ReadonlyArray<[RegExp, Marker['kind']]> = [
  [/^\*\*\*\s*Begin Patch$/i, 'begin'],
  [/^\*\*\*\s*End Patch$/i, 'end'],
  [/^\*\*\*\s*End of File$/i, 'endOfFile'],
  [/^\*\*\*\s*Add File:(.*)$/i, 'add'],
  [/^\*\*\*\s*Delete File:(.*)$/i, 'delete'],
  [/^\*\*\*\s*Update File:(.*)$/i, 'update'],
  [/^\*\*\*\s*Move to:(.*)$/i, 'move'],
];

function markerOf(trimmed: string): Marker | undefined {
  if (!trimmed.startsWith('***')) return undefined;
  for (const [re, kind] of MARKERS) {
    const m = re.exec(trimmed);
    if (!m) continue;
    return m[1] === undefined ? ({ kind } as Marker) : ({ kind, path: m[1] } as Marker);
  }
  return undefined;
}

/** `@@ -12,5 +12,6 @@ name` (unified-diff style) is accepted too; its numbers are ignored. */
const UNIFIED_RANGE = /^-\d+(?:,\d+)?\s+\+\d+(?:,\d+)?\s*@@\s?(.*)$/;

function contextOf(afterAt: string): string | undefined {
  const rest = afterAt.startsWith(' ') ? afterAt.slice(1) : afterAt;
  if (rest.trim() === '') return undefined;
  const unified = UNIFIED_RANGE.exec(rest.trim());
  if (unified) return unified[1]!.trim() === '' ? undefined : unified[1];
  return rest;
}

interface OpenChunk {
  context: string[];
  oldLines: string[];
  newLines: string[];
  /** ' ', '-' or '+' per change line, in order. */
  signs: string;
  hasLines: boolean;
}

type State = 'begin' | 'files' | 'add' | 'updateHeader' | 'update' | 'done';

export class ApplyPatchParser extends LineParser {
  private state: State = 'begin';
  private readonly files: FileEdit[] = [];
  private path = '';
  private moveTo: string | undefined;
  private addLines: string[] = [];
  private changes: Change[] = [];
  private chunk: OpenChunk | undefined;

  protected line(text: string): void {
    const trimmed = text.trim();
    switch (this.state) {
      case 'begin':
        if (trimmed === '') return;
        if (markerOf(trimmed)?.kind === 'begin') this.state = 'files';
        else this.fail(`the patch must start with '*** Begin Patch', got '${trimmed}'`);
        return;
      case 'files':
        return this.fileHeader(trimmed);
      case 'add':
        if (text.startsWith('+')) {
          this.addLines.push(text.slice(1));
          return;
        }
        if (this.endFile()) this.fileHeader(trimmed);
        return;
      case 'updateHeader': {
        const marker = markerOf(trimmed);
        if (marker?.kind === 'move') {
          const to = this.checkPath(marker.path, 'Move to');
          if (to === undefined) return;
          this.moveTo = to;
          this.startUpdate();
          return;
        }
        this.startUpdate();
        return this.updateLine(text, trimmed);
      }
      case 'update':
        return this.updateLine(text, trimmed);
      case 'done':
        if (trimmed !== '') this.fail(`unexpected text after '*** End Patch': '${trimmed}'`);
        return;
    }
  }

  protected finish(): void {
    if (this.state === 'done') return;
    if (this.state === 'begin') this.fail("empty patch: expected '*** Begin Patch'");
    else this.fail("the patch ended without '*** End Patch'");
  }

  protected closes(trimmed: string): boolean {
    return markerOf(trimmed)?.kind === 'end';
  }

  protected cutOff(): void {
    const fileIndex = this.files.length;
    const path = this.path;
    switch (this.state) {
      case 'done':
        return;
      case 'add':
        return this.emit({ type: 'cutOff', fileIndex, path, fileStarted: true, part: `the new file ${path} (${lines(this.addLines.length)} so far)` });
      case 'updateHeader':
        return this.emit({ type: 'cutOff', fileIndex, path, fileStarted: false, part: `the update of ${path} (before its first change line)` });
      case 'update':
        if (this.chunk !== undefined) {
          const n = this.chunk.signs.length;
          return this.emit({ type: 'cutOff', fileIndex, path, fileStarted: true, part: `chunk ${this.changes.length + 1} of ${path} (${lines(n)} so far)` });
        }
        return this.emit({ type: 'cutOff', part: `the rest of the patch after the last complete chunk of ${path}` });
      default:
        return this.emit({ type: 'cutOff', part: this.files.length === 0 ? 'the patch, before its first file' : 'the rest of the patch after the last complete file' });
    }
  }

  private fileHeader(trimmed: string): void {
    if (trimmed === '') return;
    const marker = markerOf(trimmed);
    switch (marker?.kind) {
      case 'end':
        if (this.files.length === 0) {
          this.fail('empty patch: no file operations between the Begin and End markers');
          return;
        }
        this.state = 'done';
        this.emit({ type: 'end', files: [...this.files] });
        return;
      case 'add': {
        const path = this.checkPath(marker.path, 'Add File');
        if (path === undefined) return;
        this.path = path;
        this.addLines = [];
        this.state = 'add';
        this.emit({ type: 'fileStart', fileIndex: this.files.length, op: 'add', path });
        return;
      }
      case 'delete': {
        const path = this.checkPath(marker.path, 'Delete File');
        if (path === undefined) return;
        const fileIndex = this.files.length;
        const file: FileEdit = { op: 'delete', path };
        this.files.push(file);
        this.emit({ type: 'fileStart', fileIndex, op: 'delete', path });
        this.emit({ type: 'fileEnd', fileIndex, file });
        return;
      }
      case 'update': {
        const path = this.checkPath(marker.path, 'Update File');
        if (path === undefined) return;
        this.path = path;
        this.moveTo = undefined;
        this.changes = [];
        this.chunk = undefined;
        this.state = 'updateHeader';
        return;
      }
      default:
        this.fail(
          `'${trimmed}' is not a valid file header; expected '*** Add File: PATH', '*** Delete File: PATH', '*** Update File: PATH' or '*** End Patch'`,
        );
    }
  }

  private startUpdate(): void {
    this.state = 'update';
    this.emit({
      type: 'fileStart',
      fileIndex: this.files.length,
      op: 'update',
      path: this.path,
      ...(this.moveTo !== undefined && { moveTo: this.moveTo }),
    });
  }

  private updateLine(text: string, trimmed: string): void {
    const isChangeLine = text.startsWith('+') || text.startsWith('-');
    // An unindented '***' line always ends the update; an indented one only if it is a known marker,
    // so that context lines such as ' *** note' stay context.
    const marker = isChangeLine ? undefined : markerOf(trimmed);
    if (text.startsWith('*') || marker !== undefined) {
      if (marker?.kind === 'endOfFile') {
        if (!this.chunk?.hasLines) return this.fail("'*** End of File' must follow change lines");
        this.closeChunk(true);
        return;
      }
      if (marker?.kind === 'move') return this.fail("'*** Move to:' must directly follow its '*** Update File:' line");
      if (this.closeChunk(false) && this.endFile()) this.fileHeader(trimmed);
      return;
    }
    if (text.startsWith('@@')) {
      const context = contextOf(text.slice(2));
      if (this.chunk?.hasLines) this.closeChunk(false);
      this.chunk ??= { context: [], oldLines: [], newLines: [], signs: '', hasLines: false };
      if (context !== undefined) this.chunk.context.push(context);
      return;
    }
    if (this.chunk === undefined && trimmed === '') return; // blank lines between chunks
    const sign = text === '' ? ' ' : text[0];
    if (sign !== ' ' && sign !== '+' && sign !== '-') {
      return this.fail(`unexpected line in the update of ${this.path}: '${text}' (change lines start with ' ', '+' or '-')`);
    }
    const body = text.slice(1);
    this.chunk ??= { context: [], oldLines: [], newLines: [], signs: '', hasLines: false };
    this.chunk.hasLines = true;
    this.chunk.signs += sign;
    if (sign !== '+') this.chunk.oldLines.push(body);
    if (sign !== '-') this.chunk.newLines.push(body);
  }

  /** Emits the open chunk if any; false if it was invalid (the parser has failed then). */
  private closeChunk(atEndOfFile: boolean): boolean {
    const chunk = this.chunk;
    if (chunk === undefined) return true;
    this.chunk = undefined;
    if (!chunk.hasLines) {
      this.fail(`'@@' without change lines in the update of ${this.path}`);
      return false;
    }
    const change: Change = { context: chunk.context, oldLines: chunk.oldLines, newLines: chunk.newLines, atEndOfFile, signs: chunk.signs };
    this.emit({ type: 'change', fileIndex: this.files.length, changeIndex: this.changes.length, change });
    this.changes.push(change);
    return true;
  }

  /** Completes the current file; false if it was invalid (the parser has failed then). */
  private endFile(): boolean {
    let file: FileEdit;
    if (this.state === 'add') {
      file = { op: 'add', path: this.path, lines: this.addLines };
    } else {
      if (this.state === 'updateHeader') this.startUpdate();
      if (this.changes.length === 0 && this.moveTo === undefined) {
        this.fail(`the update of ${this.path} has no changes`);
        return false;
      }
      file = {
        op: 'update',
        path: this.path,
        ...(this.moveTo !== undefined && { moveTo: this.moveTo }),
        changes: this.changes,
      };
    }
    this.emit({ type: 'fileEnd', fileIndex: this.files.length, file });
    this.files.push(file);
    this.state = 'files';
    return true;
  }

  private checkPath(raw: string, what: string): string | undefined {
    const checked = checkPatchPath(raw);
    if (checked.ok) return checked.path;
    this.fail(`'*** ${what}': ${checked.error}`);
    return undefined;
  }
}

function lines(n: number): string {
  return `${n} line${n === 1 ? '' : 's'}`;
}

/** Parses a whole patch text; the events are the same as when it is streamed. */
export function parsePatch(text: string): ParseResult {
  return parseWhole(new ApplyPatchParser(), text);
}
