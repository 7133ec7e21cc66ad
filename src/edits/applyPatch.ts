// Plans a whole patch against a workspace without touching it: every operation is checked, in
// order, against a read-only view of the files plus the patch's own earlier operations, and either
// all resulting writes and deletes are returned or one specific error. Used by scripts/apply-patch.mjs.
import { newFileText } from './lines';
import { patchedText, proposeFileEdit, type LineHunk } from './hunks';
import { AutoParser } from './autoParser';
import { parseWhole, type ParseResult } from './lineParser';
import { parsePatch } from './patch';
import { parseSearchReplace } from './searchReplace';
import { MAX_PATCH_CHARS, type FileEdit } from './types';

export { MAX_PATCH_CHARS };

/** What reading a workspace-relative path gives: the bytes, or why there are none. */
export type ReadResult = Uint8Array | 'missing' | 'directory' | { readonly error: string };

export type PlannedWrite = { readonly op: 'write'; readonly path: string; readonly text: string } | { readonly op: 'delete'; readonly path: string };

export type Plan =
  | { readonly ok: true; readonly writes: readonly PlannedWrite[]; readonly summary: readonly string[] }
  | { readonly ok: false; readonly error: string };

export type PatchFormat = 'apply_patch' | 'search_replace';

type Current = { kind: 'text'; text: string } | { kind: 'binary' } | { kind: 'missing' } | { kind: 'directory' };

export function planPatch(patch: string, read: (path: string) => ReadResult, format: PatchFormat | 'auto' = 'apply_patch'): Plan {
  if (patch.length > MAX_PATCH_CHARS) {
    return { ok: false, error: `patch is too large: ${(patch.length / (1024 * 1024)).toFixed(1)} MiB (limit ${MAX_PATCH_CHARS / (1024 * 1024)} MiB)` };
  }
  let parsed: ParseResult;
  let resolved: PatchFormat;
  if (format === 'auto') {
    // The parser the extension uses for tool calls: it tells the format by the text.
    const auto = new AutoParser();
    parsed = parseWhole(auto, patch);
    resolved = auto.format ?? 'apply_patch';
  } else {
    parsed = format === 'apply_patch' ? parsePatch(patch) : parseSearchReplace(patch);
    resolved = format;
  }
  if (!parsed.ok) return { ok: false, error: `invalid patch${parsed.line > 0 ? ` (line ${parsed.line})` : ''}: ${parsed.error}` };

  const originals = new Map<string, Current>();
  const overlay = new Map<string, Current>();
  const current = (path: string): Current | { error: string } => {
    const known = overlay.get(path) ?? originals.get(path);
    if (known !== undefined) return known;
    const value = classify(read(path));
    if ('error' in value) return { error: `${path}: ${value.error}` };
    originals.set(path, value);
    return value;
  };

  for (const file of parsed.files) {
    const error = planFile(file, current, (path, value) => overlay.set(path, value), resolved);
    if (error !== undefined) return { ok: false, error };
  }

  const writes: PlannedWrite[] = [];
  const summary: string[] = [];
  for (const [path, after] of overlay) {
    const before = originals.get(path);
    if (after.kind === 'missing') {
      if (before?.kind === 'text' || before?.kind === 'binary') {
        writes.push({ op: 'delete', path });
        summary.push(`D ${path}`);
      }
    } else if (after.kind === 'text' && !(before?.kind === 'text' && before.text === after.text)) {
      writes.push({ op: 'write', path, text: after.text });
      summary.push(`${before?.kind === 'missing' ? 'A' : 'M'} ${path}`);
    }
  }
  return { ok: true, writes, summary };
}

function planFile(
  file: FileEdit,
  current: (path: string) => Current | { error: string },
  set: (path: string, value: Current) => void,
  format: PatchFormat,
): string | undefined {
  const target = current(file.path);
  if ('error' in target) return target.error;
  if (target.kind === 'directory') return `cannot ${verb(file)} ${file.path}: it is a directory`;
  switch (file.op) {
    case 'add': {
      if (file.createOnly && target.kind === 'binary') return `cannot create ${file.path}: it already exists (a binary file)`;
      // Adding over an existing text file keeps that file's line endings, like any update.
      const proposal = target.kind === 'text' ? proposeFileEdit(file, { text: target.text, version: 0 }) : undefined;
      if (proposal?.error !== undefined) return proposal.error;
      const text = proposal !== undefined ? patchedText(proposal) : newFileText(file.lines);
      set(file.path, { kind: 'text', text });
      return undefined;
    }
    case 'delete':
      if (target.kind === 'missing') return `cannot delete ${file.path}: no such file`;
      set(file.path, { kind: 'missing' });
      return undefined;
    case 'update': {
      if (target.kind === 'missing') return `cannot update ${file.path}: no such file`;
      if (target.kind === 'binary') return `cannot update ${file.path}: it is a binary file, not text`;
      const proposal = proposeFileEdit(file, { text: target.text, version: 0 }, { inOrder: format === 'apply_patch' });
      const failed = proposal.hunks.filter((h): h is LineHunk => h.status === 'failed');
      if (failed.length > 0) {
        const more = failed.length > 1 ? ` (and ${failed.length - 1} more failed chunk${failed.length > 2 ? 's' : ''})` : '';
        return `cannot update ${file.path}: ${failed[0]!.reason}${more}`;
      }
      const text = patchedText(proposal);
      if (file.moveTo === undefined || file.moveTo === file.path) {
        set(file.path, { kind: 'text', text });
        return undefined;
      }
      const destination = current(file.moveTo);
      if ('error' in destination) return destination.error;
      if (destination.kind === 'directory') return `cannot move ${file.path} to ${file.moveTo}: it is a directory`;
      set(file.moveTo, { kind: 'text', text });
      set(file.path, { kind: 'missing' });
      return undefined;
    }
  }
}

function verb(file: FileEdit): string {
  return file.op === 'add' ? 'add' : file.op === 'delete' ? 'delete' : 'update';
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Text is valid UTF-8 without NUL bytes; anything else is treated as binary and never edited. */
function classify(read: ReadResult): Current | { error: string } {
  if (read === 'missing' || read === 'directory') return { kind: read };
  if (!(read instanceof Uint8Array)) return read;
  if (read.includes(0)) return { kind: 'binary' };
  try {
    return { kind: 'text', text: utf8.decode(read) };
  } catch {
    return { kind: 'binary' };
  }
}
