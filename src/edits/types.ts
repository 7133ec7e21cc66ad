// Shared vocabulary of the edit engine: what the parsers produce and what locate/hunks consume.

/** One change chunk of an update: replace `oldLines` by `newLines` (lines carry no line terminator). */
export interface Change {
  /** `@@` context lines, outermost first; each must be found, in order, before the old lines. */
  readonly context: readonly string[];
  readonly oldLines: readonly string[];
  readonly newLines: readonly string[];
  /** `*** End of File`: the old lines are expected at the end of the file. */
  readonly atEndOfFile: boolean;
}

/** One file operation of a patch, complete. Paths are workspace-relative, normalised, '/'-separated. */
export type FileEdit =
  | { readonly op: 'add'; readonly path: string; readonly lines: readonly string[] }
  | { readonly op: 'delete'; readonly path: string }
  | { readonly op: 'update'; readonly path: string; readonly moveTo?: string; readonly changes: readonly Change[] };

/**
 * Events of the streaming parsers, emitted as soon as the input makes them certain.
 * After an `error` the parser ignores further input; `end` is only emitted for a well-formed patch.
 */
export type PatchEvent =
  | { readonly type: 'fileStart'; readonly fileIndex: number; readonly op: FileEdit['op']; readonly path: string; readonly moveTo?: string }
  | { readonly type: 'change'; readonly fileIndex: number; readonly changeIndex: number; readonly change: Change }
  | { readonly type: 'fileEnd'; readonly fileIndex: number; readonly file: FileEdit }
  | { readonly type: 'end'; readonly files: readonly FileEdit[] }
  | { readonly type: 'error'; readonly message: string; readonly line: number };

/** Both parsers (apply_patch and SEARCH/REPLACE) implement this. */
export interface PatchParser {
  push(chunk: string): PatchEvent[];
  end(): PatchEvent[];
}

/** Patches longer than this (in UTF-16 code units) are refused rather than parsed. */
export const MAX_PATCH_CHARS = 10 * 1024 * 1024;
